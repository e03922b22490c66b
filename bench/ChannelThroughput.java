import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * N runs of the program `true` through one channel with W workers of a real run engine: persistent queue, run
 * events forced to the on-disk outbox, history and daily run logs, exactly as in the agent. Prints the wall time
 * from the first submission to the last finished run.
 *
 * Usage: java -cp "agent/target/taskrunner-agent.jar:agent/target/lib/*" bench/ChannelThroughput.java \
 *        [runs=5000] [workers=8] [warm-up runs, not counted=1000]
 */
public class ChannelThroughput {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path dir = Files.createTempDirectory("taskrunner-bench");
        MessageCodec codec = new MessageCodec();
        Clock clock = Clock.systemUTC();
        try (AgentStore store = AgentStore.open(dir.resolve("agent-store.mv.db"))) {
            EventLog events = new EventLog(store.outbox(), codec, clock);
            DefinitionRegistry definitions = new DefinitionRegistry();
            definitions.setLocal(new DefinitionSet(
                    List.of(TaskDefinition.of("true", new CommandTask("true", List.of())).withChannel("bench")),
                    null, List.of(new ChannelDefinition("bench", workers, false))));
            Datasources none = new Datasources() {
                public Optional<DatasourceDefinition> definition(String name) { return Optional.empty(); }
                public Connection open(String name) { throw new TaskException("none"); }
                public Optional<String> password(String name) { return Optional.empty(); }
            };
            AgentTaskServices services = new AgentTaskServices(clock, dir, none, (t, p, q, r, to) -> { });
            RunHistory history = new RunHistory(store.runHistory(), codec.mapper());
            try (RunEngine engine = new RunEngine(events, store.runQueue(), history, definitions,
                    new TaskExecutors(List.of(new CommandTaskExecutor(new ProcessExecutor()))), services,
                    dir.resolve("work"), new RunLogs(dir.resolve("logs"), clock, 14), clock, codec.mapper(),
                    Duration.ofSeconds(5))) {
                engine.start();
                // warm-up, not counted: a long-running agent's code is compiled; a fresh JVM's is not yet
                if (warmup > 0) {
                    runBatch(engine, store, warmup, 0);
                }
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                runBatch(engine, store, runs, warmup);
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                long agentCpuMs = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
                long failed = history.newest(runs + warmup).stream().filter(r -> r.state().isFinal()
                        && r.state() != io.taskrunner.protocol.message.RunState.SUCCEEDED).count();
                System.out.printf("agent: %d runs of true, %d workers: %d ms (%.0f runs/s), %d not succeeded, %d events,"
                        + " agent CPU %d ms (%.2f ms/run)%n", runs, workers, wallMs, runs * 1000.0 / wallMs, failed,
                        store.outbox().lastSeq(), agentCpuMs, agentCpuMs / (double) runs);
            }
        }
    }

    private static void runBatch(RunEngine engine, AgentStore store, int runs, int alreadyDone) throws Exception {
        List<RunRequest> requests = new java.util.ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            requests.add(RunRequest.of("true", Map.of(), "bench"));
        }
        engine.submitAll(requests);
        while (store.runHistory().size() < alreadyDone + runs) {
            Thread.sleep(2);
        }
    }
}
