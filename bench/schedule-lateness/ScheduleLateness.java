import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.scheduler.AgentScheduler;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.ScheduleFired;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Schedule lateness on the real clock: an agent scheduler with a real run engine (persistent queue, events forced to
 * the on-disk outbox, history, run logs) fires a schedule every second (`every: PT1S`) whose task runs
 * `date +%s%N`. For each firing it measures, against the scheduled time:
 *   (a) firing: the moment the scheduler hands the run to the engine (RunEngine.submit is entered);
 *   (b) process start: the time the started `date` process itself printed.
 * The first 5 firings warm up and are not counted. Prints p50 / p99 / max in ms.
 *
 * Usage: java <agent JVM options> -cp "agent/target/taskrunner-agent.jar:agent/target/lib/*" \
 *        bench/schedule-lateness/ScheduleLateness.java [firings=600]
 */
public class ScheduleLateness {
    static final int WARMUP = 5;

    public static void main(String[] args) throws Exception {
        int firings = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Path dir = Files.createTempDirectory("taskrunner-schedule-bench");
        MessageCodec codec = new MessageCodec();
        Clock clock = Clock.systemUTC();
        TimerWatch watch = new TimerWatch();
        Map<UUID, Instant> submittedAt = new ConcurrentHashMap<>();
        Map<UUID, Long> scheduledAt = new ConcurrentHashMap<>();
        List<RunRecord> finished = new CopyOnWriteArrayList<>();
        List<ScheduleFired> notStarted = new CopyOnWriteArrayList<>();
        try (AgentStore store = AgentStore.open(dir.resolve("agent-store.mv.db"))) {
            EventLog events = new EventLog(store.outbox(), codec, clock);
            DefinitionRegistry definitions = new DefinitionRegistry();
            definitions.setLocal(new DefinitionSet(
                    List.of(TaskDefinition.of("stamp", new CommandTask("date", List.of("+%s%N")))), null, null));
            Datasources none = new Datasources() {
                public Optional<DatasourceDefinition> definition(String name) { return Optional.empty(); }
                public Connection open(String name) { throw new TaskException("none"); }
                public Optional<String> password(String name) { return Optional.empty(); }
            };
            AgentTaskServices services = new AgentTaskServices(clock, dir, none, (t, p, q, r, to) -> { });
            try (RunEngine engine = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(),
                    codec.mapper()), definitions, new TaskExecutors(List.of(new CommandTaskExecutor(
                    new ProcessExecutor()))), services, dir.resolve("work"), new RunLogs(dir.resolve("logs"), clock,
                    14), clock, codec.mapper(), Duration.ofSeconds(5))) {
                engine.start();
                try (AgentScheduler scheduler = new AgentScheduler(watch, ZoneOffset.UTC, "bench-agent",
                        store.records(AgentScheduler.STORE_NAME),
                        (request, whenFinished) -> {
                            submittedAt.put(request.runId(), Instant.now());
                            return engine.submit(request, record -> {
                                finished.add(record);
                                whenFinished.accept(record);
                            });
                        },
                        (MessageBody body) -> {
                            events.record(body);
                            ScheduleFired fired = (ScheduleFired) body;
                            if (fired.outcome() == ScheduleOutcome.STARTED) {
                                scheduledAt.put(fired.runId(), fired.scheduledAt());
                            } else {
                                notStarted.add(fired);
                            }
                        })) {
                    scheduler.start();
                    scheduler.update(List.of(ScheduleDefinition.every("tick", "stamp", "PT1S")));
                    System.out.printf("running %d firings (+%d warm-up), one a second...%n", firings, WARMUP);
                    while (finished.size() < firings + WARMUP) {
                        Thread.sleep(200); // waiting for the wall clock to pass, not synchronising the measurement
                    }
                }
            }
        }
        List<RunRecord> counted = finished.stream()
                .sorted((a, b) -> Long.compare(scheduledAt.get(a.runId()), scheduledAt.get(b.runId())))
                .skip(WARMUP).toList();
        List<Double> wake = new ArrayList<>();
        List<Double> firing = new ArrayList<>();
        List<Double> processStart = new ArrayList<>();
        StringBuilder csv = new StringBuilder("scheduled,wake_ms,firing_ms,process_start_ms\n");
        for (RunRecord run : counted) {
            Instant scheduled = Instant.ofEpochMilli(scheduledAt.get(run.runId()));
            double wakeMs = watch.firstTimerReadAtOrAfter(scheduled)
                    .map(read -> Duration.between(scheduled, read).toNanos() / 1e6).orElse(Double.NaN);
            wake.add(wakeMs);
            firing.add(Duration.between(scheduled, submittedAt.get(run.runId())).toNanos() / 1e6);
            long stampNanos = Long.parseLong(run.outputExcerpt().trim());
            processStart.add((stampNanos - scheduled.toEpochMilli() * 1_000_000L) / 1e6);
            csv.append(String.format(java.util.Locale.ROOT, "%s,%.3f,%.3f,%.3f%n", scheduled, wakeMs,
                    firing.getLast(), processStart.getLast()));
        }
        Path csvFile = dir.resolve("lateness.csv");
        Files.writeString(csvFile, csv);
        System.out.printf("%d firings counted (every PT1S), %d not started (skipped/missed/rejected), first at %s%n",
                counted.size(), notStarted.size(),
                Instant.ofEpochMilli(scheduledAt.get(counted.getFirst().runId())).truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("per firing: %s; load average at the end: %s%n", csvFile,
                Files.readString(Path.of("/proc/loadavg")).trim());
        print("timer wake-up: timer reads clock - scheduled", wake);
        print("(a) firing: submit entered - scheduled", firing);
        print("(b) process start: `date` output - scheduled", processStart);
    }

    /** The system clock, remembering when the scheduler's timer thread read it (to tell wake-up from hand-over). */
    static final class TimerWatch extends Clock {
        private final java.util.concurrent.ConcurrentSkipListSet<Instant> timerReads =
                new java.util.concurrent.ConcurrentSkipListSet<>();

        @Override
        public Instant instant() {
            Instant now = Instant.now();
            if (Thread.currentThread().getName().equals("schedule-timer")) {
                timerReads.add(now);
            }
            return now;
        }

        Optional<Instant> firstTimerReadAtOrAfter(Instant at) {
            return Optional.ofNullable(timerReads.ceiling(at));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static void print(String what, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        List<String> worst = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) >= percentile(sorted, 99) && worst.size() < 8) {
                worst.add(String.format("#%d: %.1f", i + WARMUP, values.get(i)));
            }
        }
        System.out.printf("%-46s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms   min %7.3f ms%n", what,
                percentile(sorted, 50), percentile(sorted, 99), sorted.getLast(), sorted.getFirst());
        System.out.printf("%-46s worst (firing #: ms) %s%n", "", worst);
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
