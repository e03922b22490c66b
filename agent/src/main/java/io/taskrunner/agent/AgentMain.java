package io.taskrunner.agent;

import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.AgentSettings;
import io.taskrunner.agent.config.BundleInstaller;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskrunner-agent}: run, enroll, exec, token, jobs, version. */
@Command(name = "taskrunner-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        subcommands = {AgentMain.Run.class, AgentMain.Enroll.class, AgentMain.Exec.class, TokenCommand.class,
                JobsCommand.class, AgentMain.PrintVersion.class})
public final class AgentMain implements Callable<Integer> {
    static final Messages MESSAGES = Messages.of(Language.fromLocale(Locale.getDefault()));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.getCommandSpec().usageMessage().description(MESSAGES.get("agent.cli.description"));
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }


    static Path defaultDataDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return Path.of(System.getenv().getOrDefault("ProgramData", "C:\\ProgramData"), "TaskRunner", "agent");
        }
        return Path.of("/var/lib/taskrunner-agent");
    }

    @Command(name = "run", description = "Runs the agent until it is stopped (Ctrl+C or a service stop).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = defaultDataDir();

        @Override
        public Integer call() throws InterruptedException {
            AgentPaths paths = new AgentPaths(dataDir.toAbsolutePath());
            if (!Files.exists(paths.settingsFile())) {
                System.err.println(MESSAGES.get("agent.error.notEnrolled", paths.dataDir()));
                return 2;
            }
            Logging.toDataDir(paths);
            AgentRuntime runtime;
            try {
                runtime = AgentRuntime.start(paths, Clock.systemUTC());
            } catch (AgentConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("agent-shutdown").unstarted(() -> {
                runtime.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "enroll", description = "Joins a console with an enrolment bundle file from the console.")
    static final class Enroll implements Callable<Integer> {
        @Option(names = "--bundle", required = true, description = "Enrolment bundle file (JSON) from the console.")
        Path bundle;

        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = defaultDataDir();

        @Override
        public Integer call() {
            AgentPaths paths = new AgentPaths(dataDir.toAbsolutePath());
            try {
                AgentSettings settings = new BundleInstaller().install(bundle, paths);
                System.out.println(MESSAGES.get("agent.enroll.done", settings.agentId(), paths.settingsFile()));
                return 0;
            } catch (AgentConfigException | IllegalArgumentException e) {
                System.err.println(MESSAGES.get("agent.enroll.error.bundle", bundle, e.getMessage()));
                return 2;
            }
        }
    }

    @Command(name = "exec", description = "Runs one task of the local definitions file now, in this process, and "
            + "prints its output and result. Exit code: 0 succeeded, the task's own code or 1 otherwise, 2 bad input.")
    static final class Exec implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = defaultDataDir();

        @Option(names = "--definitions", description = "Definitions file (default: definitions.json in the data folder).")
        Path definitions;

        @Option(names = {"-p", "--param"}, description = "A parameter as name=value; repeat for more.")
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

        @CommandLine.Parameters(index = "0", description = "The task to run.")
        String task;

        @Override
        public Integer call() {
            AgentPaths paths = new AgentPaths(dataDir.toAbsolutePath());
            Path file = definitions != null ? definitions : paths.definitionsFile();
            return new LocalExec(MESSAGES, System.out, System.err).run(paths, file, task, parameters);
        }
    }

    @Command(name = "version", description = "Prints the agent version.")
    static final class PrintVersion implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println("taskrunner-agent " + AgentVersion.current());
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"taskrunner-agent " + AgentVersion.current()};
        }
    }
}
