package io.taskrunner.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.schedule.MisfirePolicy;
import io.taskrunner.protocol.definition.schedule.OverlapPolicy;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.ScheduleFired;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schedule on the real clock with a real run engine: it fires close to its time and its process really runs. */
class AgentSchedulerIT {
    @TempDir
    Path dir;

    @Test
    void everySecondCron_onTheRealClock_firesWithinAGenerousBoundOfItsTime_andItsRunsRun() throws Exception {
        Path marker = dir.resolve("ran.txt");
        Clock clock = Clock.systemUTC();
        MessageCodec codec = new MessageCodec();
        List<ScheduleFired> fired = new CopyOnWriteArrayList<>();
        List<RunRecord> finished = new CopyOnWriteArrayList<>();
        try (AgentStore store = AgentStore.open(dir.resolve("agent-store.mv.db"))) {
            EventLog events = new EventLog(store.outbox(), codec, clock);
            DefinitionRegistry definitions = new DefinitionRegistry();
            definitions.setLocal(new DefinitionSet(List.of(TaskDefinition.of("mark", new CommandTask("sh",
                    List.of("-c", "echo ran >> " + marker)))), null, null));
            try (RunEngine engine = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(),
                    codec.mapper()), definitions, new TaskExecutors(List.of(new CommandTaskExecutor(
                    new ProcessExecutor()))), new TestRun.Services(null, null, dir), dir.resolve("work"),
                    new RunLogs(dir.resolve("logs"), clock, 14), clock, codec.mapper(), Duration.ofSeconds(5))) {
                engine.start();
                try (AgentScheduler scheduler = new AgentScheduler(clock, ZoneOffset.UTC, "agent-it",
                        store.records(AgentScheduler.STORE_NAME),
                        (request, whenFinished) -> engine.submit(request, record -> {
                            finished.add(record);
                            whenFinished.accept(record);
                        }),
                        (MessageBody body) -> {
                            events.record(body);
                            fired.add((ScheduleFired) body);
                        })) {
                    scheduler.start();
                    // run-parallel: a slow start on a busy machine must not turn a firing into an overlap skip
                    scheduler.update(List.of(ScheduleDefinition.cron("tick", "mark", "* * * * * ?").withPolicies(
                            MisfirePolicy.RUN_ONCE, 0, OverlapPolicy.RUN_PARALLEL)));

                    await().atMost(Duration.ofSeconds(15)).until(() -> finished.size() >= 3);
                }
            }
        }

        assertThat(fired).hasSizeGreaterThanOrEqualTo(3);
        assertThat(fired).allSatisfy(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.STARTED);
            assertThat(event.scheduledAt() % 1000).isZero();
            assertThat(event.firedAt() - event.scheduledAt()).as("lateness in ms").isBetween(0L, 250L);
        });
        assertThat(finished).allSatisfy(run -> {
            assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.source()).isEqualTo("schedule:tick");
        });
        assertThat(Files.readAllLines(marker)).hasSizeGreaterThanOrEqualTo(3).containsOnly("ran");
    }
}
