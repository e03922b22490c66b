package io.taskrunner.console;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsolePaths;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.service.broker.export.BrokerExport;
import io.taskrunner.console.service.broker.export.BrokerExportException;
import io.taskrunner.console.service.broker.export.BrokerExportSettings;
import io.taskrunner.console.service.broker.export.BrokerRules;
import io.taskrunner.console.service.broker.export.BrokerRulesExport;
import io.taskrunner.console.service.desired.GroupMembership;
import io.taskrunner.console.service.devices.DefaultDeviceCredentialService;
import io.taskrunner.console.service.fleet.AgentRepository;
import io.taskrunner.console.service.fleet.DefaultFleetService;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.PkiException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskrunner-console export-broker}: the rules of the embedded broker as files for an external Mosquitto
 * (and EMQX). Reads the console's database, which one process opens at a time: run it while the console is stopped,
 * or export from the running console's core ({@link ConsoleCore#exportBrokerRules}).
 */
@Command(name = "export-broker", description = "Writes the broker rules (ACLs, device passwords, TLS files and a "
        + "mosquitto.conf part) for an external Mosquitto 2.0, and with --emqx an EMQX 5 acl.conf.")
final class ConsoleExportBrokerCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Console data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir = ConsolePaths.defaultDataDir();

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Folder to write the files to.")
    Path targetDir;

    @Option(names = "--emqx", description = "Also write emqx-acl.conf for EMQX 5.")
    boolean emqx;

    @Option(names = "--install-dir", paramLabel = "DIR", description = "Where the files will lie on the broker's host,"
            + " for the paths in mosquitto.conf (default: the --to folder).")
    Path installDir;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name clients use to reach the broker, named "
            + "in its certificate; repeatable (default: localhost and this host's name).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "IP address named in the broker certificate; "
            + "repeatable (default: 127.0.0.1).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the Mosquitto listeners bind (default: "
            + "every interface).")
    String bindAddress;

    @Option(names = "--port", description = "Mosquitto port for the console and agents (default: ${DEFAULT-VALUE}).")
    int certificatePort = BrokerExportSettings.DEFAULT_CERTIFICATE_PORT;

    @Option(names = "--device-port", description = "Mosquitto port for devices (default: ${DEFAULT-VALUE}).")
    int devicePort = BrokerExportSettings.DEFAULT_DEVICE_PORT;

    @Override
    public Integer call() {
        ConsolePaths paths = new ConsolePaths(dataDir.toAbsolutePath());
        if (!Files.isRegularFile(paths.pkiDir().resolve(CertificateAuthority.CERTIFICATE_FILE))) {
            System.err.println(ConsoleTokenCommand.MESSAGES.get("console.exportBroker.error.noCa", paths.pkiDir()));
            return 2;
        }
        try (Database database = Database.open(paths.databaseDir())) {
            BrokerExportSettings settings = new BrokerExportSettings(targetDir, installDir, bindAddress,
                    certificatePort, devicePort, hosts.isEmpty() ? defaultHosts() : hosts,
                    addresses.isEmpty() && hosts.isEmpty() ? List.of("127.0.0.1") : addresses, emqx);
            Clock clock = Clock.systemUTC();
            DefaultFleetService fleet = new DefaultFleetService(new AgentRepository(database), new MessageCodec(),
                    clock);
            BrokerRules rules = BrokerRules.collect(fleet, new DefaultDeviceCredentialService(database, fleet, clock),
                    GroupMembership.load(database));
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths.pkiDir(), ConsoleCore.CA_NAME);
            BrokerExport export = new BrokerRulesExport(ca).export(rules, settings);
            print(rules, export, settings.targetDir());
            return 0;
        } catch (PersistenceException e) {
            System.err.println(ConsoleTokenCommand.inUse(e)
                    ? ConsoleTokenCommand.MESSAGES.get("console.token.error.inUse", paths.databaseDir())
                    : ConsoleTokenCommand.MESSAGES.get("console.exportBroker.error", e.getMessage()));
            return 2;
        } catch (IllegalArgumentException | BrokerExportException | PkiException e) {
            System.err.println(ConsoleTokenCommand.MESSAGES.get("console.exportBroker.error", e.getMessage()));
            return 2;
        }
    }

    private static void print(BrokerRules rules, BrokerExport export, Path dir) {
        int devices = rules.devices().size() - export.devicesWithoutPassword().size();
        System.out.println(ConsoleTokenCommand.MESSAGES.get("console.exportBroker.written", rules.agents().size(),
                devices, dir));
        export.files().forEach(file -> System.out.println("  " + file));
        export.devicesWithoutPassword().forEach(name -> System.err.println(
                ConsoleTokenCommand.MESSAGES.get("console.exportBroker.skipped", name)));
    }

    private static List<String> defaultHosts() {
        List<String> names = new ArrayList<>(List.of("localhost"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!names.contains(host)) {
                names.add(host);
            }
        } catch (UnknownHostException e) {
            // localhost alone, then
        }
        return names;
    }
}
