import io.taskrunner.agent.alert.AlertNotifier;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.watchdog.ProgramEvents;
import io.taskrunner.agent.watchdog.WatchdogEngine;
import io.taskrunner.agent.watchdog.check.TopicMessages;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.watchdog.Backoff;
import io.taskrunner.protocol.definition.watchdog.ProgramCheck;
import io.taskrunner.protocol.definition.watchdog.RestartBudget;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Time from `kill -9` of a supervised program to its exit being seen and to its new pid, over N kills, for the
 * agent's watchdog and for supervisord (autorestart=true, startsecs=0) in the same run, measured the same way.
 *
 * The program writes its pid to a file and execs sleep: `sh -c 'echo $$ > pidfile; exec sleep 100000'`. The harness
 * reads the pid from that file, sends SIGKILL, and polls the file (every 50 us) until a new live pid is in it.
 * "Exit seen" is the watchdog's own timestamp (its ProgramEvents.exited callback, same JVM, same clock); for
 * supervisord it is the millisecond timestamp of its "exited:" log line, against the wall clock of the kill.
 *
 * Usage: java -cp "agent/target/taskrunner-agent.jar:agent/target/lib/*" bench/watchdog-restart/WatchdogRestart.java [kills=100]
 */
public class WatchdogRestart {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int WARM_UP = 10;

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = Files.createTempDirectory("taskrunner-watchdog-bench");
        System.out.printf("%d kills after %d warm-up kills; temp folder %s%n", kills, WARM_UP, dir);
        Result agent = agent(dir.resolve("agent"), kills);
        Result supervisor = supervisord(dir.resolve("supervisord"), kills);
        System.out.println();
        print("agent watchdog", agent);
        print("supervisord", supervisor);
    }

    record Result(long[] exitSeenNanos, long[] newPidNanos) {
    }

    // ---- the agent's watchdog, in this JVM --------------------------------------------------------------------

    static Result agent(Path dir, int kills) throws Exception {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("pid");
        Clock clock = Clock.systemUTC();
        MessageCodec codec = new MessageCodec();
        Map<Long, Long> exitSeen = new ConcurrentHashMap<>();
        try (AgentStore store = AgentStore.open(dir.resolve("agent-store.mv.db"))) {
            EventLog events = new EventLog(store.outbox(), codec, clock);
            DefinitionRegistry definitions = new DefinitionRegistry();
            RunEngine runs = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                    definitions, new TaskExecutors(List.of()), new AgentTaskServices(clock, dir,
                            new JdbcDatasources(new SecretResolver(dir.resolve("secrets"), Map.of())),
                            (topic, payload, qos, retain, timeout) -> { }),
                    dir.resolve("work"), new RunLogs(dir.resolve("logs"), clock, 1), clock, codec.mapper(),
                    Duration.ofSeconds(5));
            runs.start();
            WatchdogEngine watchdog = new WatchdogEngine(new WatchdogEngine.Parts(clock, dir, events,
                    store.records(WatchdogEngine.STORE_MAP), codec.mapper(), AlertNotifier.NONE, runs,
                    TopicMessages.NONE, new ModbusSlaves(clock)));
            watchdog.onProgramEvents(new ProgramEvents() {
                @Override
                public void exited(String rule, long pid, int exitCode) {
                    exitSeen.put(pid, System.nanoTime());
                }
            });
            // restart at once every time (no backoff), and never run out of budget
            watchdog.update(List.of(new WatchdogRule("bench", null, new ProgramCheck("sh", List.of("-c",
                    "echo $$ > " + pidFile + "; exec sleep 100000"), null, null, 5), 0, null, null,
                    new RestartBudget(1_000_000, 600), new Backoff(0, 1, 1, 3600), null, null)));
            watchdog.start();
            try {
                long[] exit = new long[kills];
                long[] restart = new long[kills];
                long pid = awaitNewPid(pidFile, 0);
                for (int i = -WARM_UP; i < kills; i++) {
                    long killed = pid;
                    long t0 = System.nanoTime();
                    ProcessHandle.of(killed).orElseThrow().destroyForcibly();
                    pid = awaitNewPid(pidFile, killed);
                    long t1 = System.nanoTime();
                    long seen = awaitValue(exitSeen, killed);
                    if (i >= 0) {
                        restart[i] = t1 - t0;
                        exit[i] = seen - t0;
                    }
                }
                return new Result(exit, restart);
            } finally {
                watchdog.close();
                runs.close();
            }
        }
    }

    // ---- supervisord, as Debian installs it -------------------------------------------------------------------

    static Result supervisord(Path dir, int kills) throws Exception {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("pid");
        Path log = dir.resolve("supervisord.log");
        Path config = dir.resolve("supervisord.conf");
        Files.writeString(config, """
                [unix_http_server]
                file=%1$s/supervisor.sock

                [supervisord]
                nodaemon=true
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                user=root

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [program:bench]
                command=sh -c 'echo $$ > %2$s; exec sleep 100000'
                autorestart=true
                startsecs=0
                startretries=1000000
                stopsignal=KILL
                """.formatted(dir, pidFile));
        Process supervisord = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        long[] killWallMillis = new long[kills];
        long[] restart = new long[kills];
        try {
            long pid = awaitNewPid(pidFile, 0);
            for (int i = -WARM_UP; i < kills; i++) {
                long killed = pid;
                long wall = System.currentTimeMillis();
                long t0 = System.nanoTime();
                ProcessHandle.of(killed).orElseThrow().destroyForcibly();
                pid = awaitNewPid(pidFile, killed);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    restart[i] = t1 - t0;
                    killWallMillis[i] = wall;
                }
            }
        } finally {
            supervisord.destroy();
            supervisord.waitFor();
        }
        // supervisord logs "exited: bench (terminated by SIGKILL; not expected)" with a millisecond local timestamp
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        List<Long> exits = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("exited: bench")) {
                exits.add(LocalDateTime.parse(line.substring(0, 23), format).atZone(ZoneId.systemDefault())
                        .toInstant().toEpochMilli());
            }
        }
        long[] exit = new long[kills];
        List<Long> measured = exits.subList(exits.size() - kills, exits.size());
        for (int i = 0; i < kills; i++) {
            exit[i] = (measured.get(i) - killWallMillis[i]) * 1_000_000;
        }
        return new Result(exit, restart);
    }

    // ---- measuring --------------------------------------------------------------------------------------------

    /** Polls the pid file every 50 us until it names a live process other than {@code old}. */
    static long awaitNewPid(Path pidFile, long old) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).trim();
                if (!text.isEmpty()) {
                    long pid = Long.parseLong(text);
                    if (pid != old && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return pid;
                    }
                }
            }
            LockSupport.parkNanos(50_000);
        }
        throw new IllegalStateException("no new pid in " + pidFile + " within " + WAIT);
    }

    static long awaitValue(Map<Long, Long> map, long key) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Long value = map.get(key);
            if (value != null) {
                return value;
            }
            LockSupport.parkNanos(50_000);
        }
        throw new IllegalStateException("exit of " + key + " not seen within " + WAIT);
    }

    static void print(String name, Result result) {
        System.out.printf("%-15s exit seen   %s%n", name, stats(result.exitSeenNanos()));
        System.out.printf("%-15s new pid     %s%n", name, stats(result.newPidNanos()));
    }

    static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms", millis(percentile(sorted, 50)),
                millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1]));
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
