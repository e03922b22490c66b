package io.taskrunner.agent;

import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.AgentSettings;
import io.taskrunner.agent.config.SettingsFile;
import io.taskrunner.agent.transport.NextJobAsk;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskrunner-agent jobs}: this agent's part of the console's fleet jobs. */
@Command(name = "jobs", description = "This agent's fleet job executions.", subcommands = JobsCommand.Next.class)
final class JobsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "next", description = "Asks the console to send this agent's next pending job execution "
            + "($next) again; the running agent receives it as a command and runs it unless it already has it. "
            + "Exit code: 0 asked, 1 broker not reachable, 2 not enrolled.")
    static final class Next implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = AgentMain.defaultDataDir();

        @Option(names = "--timeout", description = "Seconds to wait for the broker (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds = 30;

        @Override
        public Integer call() {
            AgentPaths paths = new AgentPaths(dataDir.toAbsolutePath());
            if (!Files.exists(paths.settingsFile())) {
                System.err.println(AgentMain.MESSAGES.get("agent.error.notEnrolled", paths.dataDir()));
                return 2;
            }
            AgentSettings settings;
            try {
                settings = new SettingsFile().read(paths);
            } catch (AgentConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            MqttConnectionSettings mqtt = new MqttConnectionSettings(settings.brokerHost(), settings.brokerPort(),
                    settings.agentId(), paths.tlsFiles(), settings.topicPrefix(), null, null);
            try {
                NextJobAsk.once(mqtt, Duration.ofSeconds(Math.max(1, timeoutSeconds)), Clock.systemUTC());
            } catch (IOException e) {
                System.err.println(AgentMain.MESSAGES.get("agent.jobs.next.error", e.getMessage()));
                return 1;
            }
            System.out.println(AgentMain.MESSAGES.get("agent.jobs.next.done", settings.agentId()));
            return 0;
        }
    }
}
