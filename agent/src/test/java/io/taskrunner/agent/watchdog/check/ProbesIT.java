package io.taskrunner.agent.watchdog.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.protocol.definition.watchdog.DiskCheck;
import io.taskrunner.protocol.definition.watchdog.FileAgeCheck;
import io.taskrunner.protocol.definition.watchdog.HttpCheck;
import io.taskrunner.protocol.definition.watchdog.MemoryCheck;
import io.taskrunner.protocol.definition.watchdog.PortCheck;
import io.taskrunner.protocol.definition.watchdog.ProcessCheck;
import io.taskrunner.protocol.definition.watchdog.ProcessSelector;
import io.taskrunner.protocol.definition.watchdog.WatchdogCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check against a real thing on loopback: it fails when the thing fails and passes again when it recovers. */
class ProbesIT {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void http_detectsBadStatus_missingBodyText_slowAnswers_andADeadServer_andTheirRecovery() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> body = new AtomicReference<>("state: ok");
        AtomicInteger delayMillis = new AtomicInteger(0);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
        HttpProbe probe = new HttpProbe(new HttpCheck(url, List.of(200), "state: ok", 300, 2000),
                HttpClient.newHttpClient());

        assertThat(probe.run().healthy()).isTrue();
        status.set(503);
        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.http.status");
        status.set(200);
        body.set("state: degraded");
        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.http.body");
        body.set("state: ok");
        delayMillis.set(600);
        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.http.slow");
        delayMillis.set(0);
        assertThat(probe.run().healthy()).isTrue();
        server.stop(0);
        server = null;
        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.http.unreachable");
    }

    @Test
    void port_failsWhileNothingListens_andPassesWhileSomethingDoes() throws Exception {
        int port;
        try (ServerSocket probeForFree = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probeForFree.getLocalPort();
        }
        PortProbe probe = new PortProbe(new PortCheck("127.0.0.1", port, 1000));

        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.port.closed");
        try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(probe.run().healthy()).isTrue();
        }
        assertThat(probe.run().healthy()).isFalse();
    }

    @Test
    void fileAge_failsForAStaleOrMissingFile_andPassesOnceItIsWrittenAgain() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Path heartbeat = dir.resolve("heartbeat");
        FileAgeProbe probe = new FileAgeProbe(new FileAgeCheck(heartbeat.toString(), 60), clock);

        assertThat(probe.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.file.missing");
        Files.writeString(heartbeat, "beat");
        Files.setLastModifiedTime(heartbeat, FileTime.from(clock.instant().minusSeconds(120)));
        CheckResult stale = probe.run();
        assertThat(stale.key()).isEqualTo("watchdog.check.file.stale");
        assertThat(stale.args()).containsExactly(heartbeat.toString(), 120L, 60L);
        Files.setLastModifiedTime(heartbeat, FileTime.from(clock.instant().minusSeconds(5)));
        assertThat(probe.run().healthy()).isTrue();
    }

    @Test
    void process_countsMatchingProcesses_presentAbsentAndCount() throws Exception {
        String marker = "4242." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
        String pattern = "sleep " + marker.replace(".", "\\.") + "$";
        ProcessProbe present = new ProcessProbe(new ProcessCheck("sleep", pattern, null, null));
        ProcessProbe absent = new ProcessProbe(new ProcessCheck(null, pattern, null, 0));
        ProcessProbe two = new ProcessProbe(new ProcessCheck("sleep", pattern, 2, 2));

        assertThat(present.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.process.missing");
        assertThat(absent.run().healthy()).isTrue();
        Process first = start("sleep", marker);
        await().atMost(Duration.ofSeconds(5)).until(() -> present.run().healthy());
        assertThat(absent.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.process.present");
        assertThat(two.run()).extracting(CheckResult::key).isEqualTo("watchdog.check.process.tooFew");
        start("sleep", marker);
        Process third = start("sleep", marker);
        await().atMost(Duration.ofSeconds(5)).until(() -> "watchdog.check.process.tooMany".equals(two.run().key()));
        third.destroyForcibly().waitFor();
        assertThat(two.run().healthy()).isTrue();
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            process.waitFor();
        }
        assertThat(present.run().healthy()).isFalse();
        assertThat(absent.run().healthy()).isTrue();
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void disk_comparesTheRealFreeSpaceWithTheLimit() throws Exception {
        assertThat(new DiskProbe(new DiskCheck(dir.toString(), 0.001, 0))
                .run().healthy()).isTrue();
        assertThat(new DiskProbe(new DiskCheck(dir.toString(), 0,
                Long.MAX_VALUE / (1024 * 1024))).run().key()).isEqualTo("watchdog.check.disk.megabytes");
    }

    @Test
    void memoryOfASupervisedProgram_isReadFromTheRealProcess() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        long self = ProcessHandle.current().pid();
        ModbusSlaves modbus = new ModbusSlaves(clock);
        Probes probes = new Probes(clock, TopicMessages.NONE, (task, parameters) -> null,
                rule -> rule.equals("me") ? OptionalLong.of(self) : OptionalLong.empty(), modbus);
        ProcessSelector me = new ProcessSelector(null, null, "me");

        try (Probe small = probes.create(rule(new MemoryCheck(0, 1, 0, me)));
                Probe large = probes.create(rule(new MemoryCheck(0, 1_000_000, 0, me)));
                Probe nobody = probes.create(rule(new MemoryCheck(0, 1, 0, new ProcessSelector(null, null, "x"))))) {
            CheckResult above = small.run();
            assertThat(above.key()).isEqualTo("watchdog.check.memory.megabytes");
            assertThat((double) above.args().get(1)).as("this JVM's resident MB").isGreaterThan(10);
            assertThat(large.run().healthy()).isTrue();
            assertThat(nobody.run().healthy()).as("no such program running: nothing used").isTrue();
        } finally {
            probes.close();
            modbus.close();
        }
    }

    private static WatchdogRule rule(WatchdogCheck check) {
        return new WatchdogRule("r", null, check, 1, null, null, null, null, null, null);
    }

    private Process start(String... argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
    }
}
