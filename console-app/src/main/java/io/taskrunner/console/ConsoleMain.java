package io.taskrunner.console;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.core.ConsolePaths;
import io.taskrunner.console.service.local.LocalAgentLauncher;
import io.taskrunner.console.ui.ConsoleUi;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskrunner-console}: the desktop console, or with {@code --headless} its core alone. */
@Command(name = "taskrunner-console", mixinStandardHelpOptions = true,
        description = "TaskRunner console: embedded broker, fleet database, Fleet API and the desktop UI.",
        subcommands = {ConsoleTokenCommand.class, ConsoleExportBrokerCommand.class})
public final class ConsoleMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMain.class);

    @Option(names = "--data-dir", description = "Data folder (default: ~/.taskrunner/console).")
    Path dataDir = ConsolePaths.defaultDataDir();

    @Option(names = "--bind", description = "Address the embedded broker listens on (default: ${DEFAULT-VALUE}).")
    String bindHost = "0.0.0.0";

    @Option(names = "--port", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}; 0 = any free).")
    int port = ConsoleOptions.DEFAULT_BROKER_PORT;

    @Option(names = "--advertised-host", description = "Broker host name written into enrolment bundles.")
    String advertisedHost;

    @Option(names = "--external-broker", paramLabel = "HOST:PORT",
            description = "Use this MQTT 5 broker (TLS, certificates from the console CA) instead of the embedded one.")
    String externalBroker;

    @Option(names = "--api-port", description = "Port of the Fleet API over HTTPS (default: ${DEFAULT-VALUE}; 0 turns"
            + " it off).")
    int apiPort = ConsoleOptions.DEFAULT_API_PORT;

    @Option(names = "--api-bind", description = "Address the Fleet API listens on (default: ${DEFAULT-VALUE}; "
            + "0.0.0.0 for every interface).")
    String apiBind = ConsoleOptions.DEFAULT_API_BIND;

    @Option(names = "--headless", description = "Run the console core without a window, logging to stdout.")
    boolean headless;

    @Option(names = "--no-local-agent", negatable = true, description = "Do not start an agent on this PC.")
    boolean noLocalAgent;

    @Option(names = "--agent-jar", description = "The agent jar for the local agent (default: found beside the console).")
    Path agentJar;

    @Option(names = "--language", description = "UI language: en, zh-CN or zh-TW (default: from the system).")
    String language;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ConsoleOptions options = options();
        LanguageSettings languageSettings = new LanguageSettings(language == null
                ? Language.fromLocale(Locale.getDefault()) : Language.fromTag(language));
        try (ConsoleCore core = ConsoleCore.start(options, Clock.systemUTC());
                LocalAgentLauncher localAgent = startLocalAgent(core)) {
            boolean noDisplay = !headless && !displayAvailable();
            if (noDisplay) {
                LOG.warn("no display found (DISPLAY is not set); running the console core headless. "
                        + "Pass --headless to run this way on purpose.");
            }
            if (headless || noDisplay) {
                LOG.info("console running headless on broker port {}, Fleet API {}; stop with Ctrl+C",
                        core.brokerPort(), core.apiPort().isPresent() ? "port " + core.apiPort().getAsInt() : "off");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("console-shutdown").unstarted(() -> {
                    localAgent.close();
                    core.close();
                    stop.countDown();
                }));
                stop.await();
            } else {
                ConsoleUi.launch(core.services(languageSettings));
            }
        }
        return 0;
    }

    private ConsoleOptions options() {
        if (externalBroker == null) {
            return new ConsoleOptions(dataDir, bindHost, port, advertisedHost, null, 0, apiBind, apiPort);
        }
        int colon = externalBroker.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--external-broker must be HOST:PORT, was " + externalBroker);
        }
        return new ConsoleOptions(dataDir, null, 0, advertisedHost == null ? externalBroker.substring(0, colon)
                : advertisedHost, externalBroker.substring(0, colon),
                Integer.parseInt(externalBroker.substring(colon + 1)), apiBind, apiPort);
    }

    private LocalAgentLauncher startLocalAgent(ConsoleCore core) throws Exception {
        Path jar = agentJar == null ? findAgentJar() : agentJar;
        LocalAgentLauncher launcher = new LocalAgentLauncher(jar, core.paths().localAgentDir(), core.enrolment(),
                localAgentId());
        if (!noLocalAgent) {
            launcher.start();
        }
        return launcher;
    }

    private static Path findAgentJar() throws Exception {
        Path consoleJar = Path.of(ConsoleMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = Files.isDirectory(consoleJar) ? consoleJar : consoleJar.getParent();
        for (Path candidate : new Path[] {dir.resolve("taskrunner-agent.jar"),
                dir.resolve("../agent/taskrunner-agent.jar"),
                dir.resolve("../../agent/target/taskrunner-agent.jar")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        return dir.resolve("taskrunner-agent.jar");
    }

    private static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    static String localAgentId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "pc";
        }
        String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return "local-" + (cleaned.isBlank() ? "pc" : cleaned);
    }

}
