package io.taskrunner.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsolePaths;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.broker.MosquittoPasswordHash;
import io.taskrunner.console.service.devices.DefaultDeviceCredentialService;
import io.taskrunner.console.service.fleet.AgentRepository;
import io.taskrunner.console.service.fleet.DefaultFleetService;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConsoleExportBrokerCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportBroker_writesTheFilesFromTheConsolesDatabase() throws Exception {
        ConsolePaths paths = new ConsolePaths(dir.resolve("data"));
        CertificateAuthority.loadOrCreate(paths.pkiDir(), ConsoleCore.CA_NAME);
        String password;
        try (Database database = Database.open(paths.databaseDir())) {
            DefaultFleetService fleet = new DefaultFleetService(new AgentRepository(database), new MessageCodec(),
                    Clock.systemUTC());
            password = new DefaultDeviceCredentialService(database, fleet, Clock.systemUTC())
                    .create("line1-button", "", List.of("factory/line1/+/button")).join().password();
        }
        Path out = dir.resolve("out");

        int exit = new CommandLine(new ConsoleMain()).execute("export-broker", "--data-dir",
                paths.dataDir().toString(), "--to", out.toString(), "--emqx", "--host", "broker.example");

        assertThat(exit).isZero();
        String line = Files.readAllLines(out.resolve("passwords")).getLast();
        assertThat(line).startsWith("line1-button:");
        assertThat(MosquittoPasswordHash.matches(line.substring("line1-button:".length()), password)).isTrue();
        assertThat(Files.readString(out.resolve("acl-devices"))).contains("topic write factory/line1/+/button");
        assertThat(Files.readString(out.resolve("mosquitto.conf")))
                .contains("acl_file " + out.resolve("acl-certified"));
        assertThat(out.resolve("emqx-acl.conf")).isRegularFile();
    }

    @Test
    void exportBroker_withoutAConsoleCa_failsWithExitCode2() {
        int exit = new CommandLine(new ConsoleMain()).execute("export-broker", "--data-dir",
                dir.resolve("empty").toString(), "--to", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
