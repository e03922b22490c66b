package io.taskrunner.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.RetryPolicy;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.ChannelStatus;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over a real agent store on disk: queues, workers, distinct, delays, cancel, retries, restarts. */
class RunEngineIT {
    @TempDir
    Path dir;
    private EngineHarness harness;
    private final ProbeExecutor probe = new ProbeExecutor();

    @AfterEach
    void tearDown() {
        probe.releaseAll();
        if (harness != null) {
            harness.close();
        }
    }

    private static TaskDefinition probeTask(String name, String mode, String channel) {
        return TaskDefinition.of(name, new CommandTask(mode, List.of())).withChannel(channel)
                .withParameters(List.of(ParameterSpec.of("value", ParameterType.STRING, false)));
    }

    private static DefinitionSet set(List<TaskDefinition> tasks, ChannelDefinition... channels) {
        return new DefinitionSet(tasks, null, List.of(channels));
    }

    private UUID submit(String task, Map<String, ?> parameters) {
        RunRequest request = RunRequest.of(task, parameters, "test");
        assertThat(harness.engine.submit(request).accepted()).isTrue();
        return request.runId();
    }

    @Test
    void twoHundredRuns_onAFourWorkerChannel_neverRunMoreThanFourAtOnce() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("work", "ok", "four")),
                new ChannelDefinition("four", 4, false)), List.of(probe));
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            runs.add(submit("work", Map.of("value", "v" + i)));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> harness.events(RunFinished.class).size() == 200);
        assertThat(probe.maxConcurrent.get()).isBetween(2, 4);
        assertThat(harness.events(RunFinished.class)).allMatch(f -> f.state() == RunState.SUCCEEDED);
        assertThat(harness.engine.status()).filteredOn(s -> s.name().equals("four")).singleElement()
                .extracting(ChannelStatus::succeeded, ChannelStatus::workers).containsExactly(200L, 4);
    }

    @Test
    void submit_ofATaskTypeTheAgentDoesNotAllow_isRejectedWithTheReason_andOthersRun() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("work", "ok", "default"))), List.of(probe),
                EnumSet.of(TaskType.SHELL, TaskType.SQL));

        RunRequest refused = RunRequest.of("work", Map.of(), "test");
        RunEngine.Submission submission = harness.engine.submit(refused);

        assertThat(submission.accepted()).isFalse();
        assertThat(submission.error()).isEqualTo("task 'work': this agent does not run tasks of type 'command' "
                + "(allowedTaskTypes in its settings)");
        assertThat(harness.finished(refused.runId()).orElseThrow().state()).isEqualTo(RunState.REJECTED);
        assertThat(probe.started).isEmpty();
        harness.close();

        harness = EngineHarness.start(dir.resolve("allowed"), set(List.of(probeTask("work", "ok", "default"))),
                List.of(probe), EnumSet.of(TaskType.COMMAND));
        assertThat(harness.awaitFinished(submit("work", Map.of())).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void submit_onADistinctChannel_mergesAnEqualWaitingRunAndFinishesBothTogether() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold", "one"), probeTask("sync", "ok",
                "one")), new ChannelDefinition("one", 1, true)), List.of(probe));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));

        UUID first = submit("sync", Map.of("value", "a"));
        UUID twin = submit("sync", Map.of("value", "a"));
        UUID other = submit("sync", Map.of("value", "b"));
        probe.releaseAll();

        RunFinished twinFinished = harness.awaitFinished(twin);
        harness.awaitFinished(other);
        assertThat(harness.eventsOf(twin, RunQueued.class)).singleElement()
                .extracting(RunQueued::mergedInto).isEqualTo(first);
        assertThat(twinFinished.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(twinFinished.error()).contains("merged into run " + first);
        assertThat(twinFinished.result()).isEqualTo(harness.finished(first).orElseThrow().result());
        assertThat(probe.started).containsExactly(blocker, first, other);
    }

    @Test
    void cancel_ofAMergedRun_cancelsOnlyItAndItsTwinStillRuns() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold", "one"), probeTask("sync", "ok",
                "one")), new ChannelDefinition("one", 1, true)), List.of(probe));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));
        UUID first = submit("sync", Map.of("value", "a"));
        UUID twin = submit("sync", Map.of("value", "a"));

        assertThat(harness.engine.cancel(twin)).isTrue();
        probe.releaseAll();

        assertThat(harness.awaitFinished(twin).state()).isEqualTo(RunState.CANCELLED);
        assertThat(harness.awaitFinished(first).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(harness.eventsOf(twin, RunFinished.class)).hasSize(1);
    }

    @Test
    void cancel_ofAQueuedRun_finishesItCancelledWithoutStartingIt() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold", "one"), probeTask("work", "ok",
                "one")), new ChannelDefinition("one", 1, false)), List.of(probe));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));
        UUID queued = submit("work", Map.of());

        assertThat(harness.engine.cancel(queued)).isTrue();

        RunFinished finished = harness.awaitFinished(queued);
        assertThat(finished.state()).isEqualTo(RunState.CANCELLED);
        assertThat(finished.error()).isEqualTo("cancelled before it started");
        assertThat(harness.eventsOf(queued, RunStarted.class)).isEmpty();
        probe.releaseAll();
        assertThat(harness.awaitFinished(blocker).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(probe.started).doesNotContain(queued);
    }

    @Test
    void cancel_ofARunningRun_cancelsItsAttempt() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold-forever", "default"))),
                List.of(probe));
        UUID run = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(run));

        assertThat(harness.engine.cancel(run)).isTrue();

        assertThat(harness.awaitFinished(run).state()).isEqualTo(RunState.CANCELLED);
        assertThat(harness.engine.cancel(UUID.randomUUID())).isFalse();
    }

    @Test
    void aRunHoldingEveryWorkerOfOneChannel_doesNotDelayAnotherChannel() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold-forever", "slow"),
                probeTask("work", "ok", "fast")), new ChannelDefinition("slow", 1, false)), List.of(probe));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));
        UUID waiting = submit("hold", Map.of());

        UUID other = submit("work", Map.of("value", "x"));

        assertThat(harness.awaitFinished(other).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(harness.engine.status()).filteredOn(s -> s.name().equals("slow")).singleElement()
                .satisfies(slow -> {
                    assertThat(slow.running()).isEqualTo(1);
                    assertThat(slow.queued()).isEqualTo(1);
                });
        assertThat(harness.finished(waiting)).isEmpty();
        harness.engine.cancel(blocker);
        harness.engine.cancel(waiting);
    }

    @Test
    void delayedRuns_startWithinAHundredMillisecondsOfTheirTime() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("work", "ok", "default"))), List.of(probe));
        long runAt = System.currentTimeMillis() + 700;
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunRequest request = new RunRequest(UUID.randomUUID(), null, "work", null, Map.of("value", "d" + i), 0,
                    runAt + i * 200L, 0, "test");
            harness.engine.submit(request);
            runs.add(request.runId());
        }

        runs.forEach(harness::awaitFinished);
        for (int i = 0; i < 3; i++) {
            long due = runAt + i * 200L;
            long started = probe.startedAtMillis.get(probe.started.indexOf(runs.get(i)));
            assertThat(started - due).as("run %d started %d ms after its time", i, started - due).isBetween(0L, 100L);
        }
        assertThat(harness.eventsOf(runs.getFirst(), RunQueued.class).getFirst().runAt()).isEqualTo(runAt);
    }

    @Test
    void higherPriority_runsFirstWithinAChannel() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold", "one"), probeTask("work", "ok",
                "one")), new ChannelDefinition("one", 1, false)), List.of(probe));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));
        RunRequest low = new RunRequest(UUID.randomUUID(), null, "work", null, Map.of("value", "low"), 0, null, 0, "t");
        RunRequest high = new RunRequest(UUID.randomUUID(), null, "work", null, Map.of("value", "high"), 10, null, 0,
                "t");
        harness.engine.submit(low);
        harness.engine.submit(high);
        probe.releaseAll();

        harness.awaitFinished(low.runId());
        assertThat(probe.started).containsExactly(blocker, high.runId(), low.runId());
    }

    @Test
    void aFailedAttempt_isRetriedUnderTheSameRunIdWithBackoff() {
        TaskDefinition flaky = probeTask("flaky", "fail-once", "default").withRetry(new RetryPolicy(2, 1, 2, 0));
        TaskDefinition broken = probeTask("broken", "fail", "default").withRetry(new RetryPolicy(2, 1, 1, 0));
        harness = EngineHarness.start(dir, set(List.of(flaky, broken)), List.of(probe));

        UUID flakyRun = submit("flaky", Map.of());
        UUID brokenRun = submit("broken", Map.of());

        RunFinished flakyDone = harness.awaitFinished(flakyRun);
        assertThat(flakyDone.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(flakyDone.attempts()).isEqualTo(2);
        List<RunRetrying> retries = harness.eventsOf(flakyRun, RunRetrying.class);
        assertThat(retries).singleElement().satisfies(retry -> {
            assertThat(retry.attempt()).isEqualTo(1);
            assertThat(retry.exitCode()).isEqualTo(1);
        });
        assertThat(harness.eventsOf(flakyRun, RunStarted.class)).extracting(RunStarted::attempt).containsExactly(1, 2);
        List<Long> flakyStarts = new ArrayList<>();
        for (int i = 0; i < probe.started.size(); i++) {
            if (probe.started.get(i).equals(flakyRun)) {
                flakyStarts.add(probe.startedAtMillis.get(i));
            }
        }
        assertThat(flakyStarts).hasSize(2);
        assertThat(flakyStarts.get(1) - flakyStarts.get(0)).as("backoff before attempt 2").isGreaterThanOrEqualTo(1000);
        RunFinished brokenDone = harness.awaitFinished(brokenRun);
        assertThat(brokenDone.state()).isEqualTo(RunState.FAILED);
        assertThat(brokenDone.attempts()).isEqualTo(3);
        assertThat(brokenDone.exitCode()).isEqualTo(3);
        assertThat(harness.eventsOf(brokenRun, RunRetrying.class)).hasSize(2)
                .allSatisfy(retry -> assertThat(retry.nextAttemptAt()).isPositive());
    }

    @Test
    void submit_withInvalidParametersOrAnUnknownTask_rejectsTheRunNamingWhy() {
        TaskDefinition typed = TaskDefinition.of("typed", new CommandTask("ok", List.of())).withParameters(List.of(
                ParameterSpec.of("count", ParameterType.INT, true)));
        harness = EngineHarness.start(dir, set(List.of(typed)), List.of(probe));

        RunEngine.Submission wrongType = harness.engine.submit(RunRequest.of("typed", Map.of("count", "many"), "t"));
        RunEngine.Submission missing = harness.engine.submit(RunRequest.of("typed", Map.of(), "t"));
        RunEngine.Submission unknown = harness.engine.submit(RunRequest.of("nope", Map.of(), "t"));
        RunEngine.Submission extra = harness.engine.submit(RunRequest.of("typed", Map.of("count", 1, "x", 2), "t"));

        assertThat(wrongType.accepted()).isFalse();
        assertThat(wrongType.error()).startsWith("parameters.count:").contains("whole number").contains("many");
        assertThat(missing.error()).startsWith("parameters.count:").contains("required");
        assertThat(unknown.error()).contains("unknown task 'nope'").contains("'typed'");
        assertThat(extra.error()).startsWith("parameters.x:");
        assertThat(harness.finished(wrongType.runId())).get().extracting(RunFinished::state)
                .isEqualTo(RunState.REJECTED);
        assertThat(harness.finished(unknown.runId())).get().extracting(RunFinished::error)
                .asString().contains("unknown task");
        assertThat(probe.started).isEmpty();
    }

    @Test
    void queuedAndDelayedRuns_surviveARestartOfTheAgent() {
        DefinitionSet set = set(List.of(probeTask("hold", "hold", "one"), probeTask("work", "ok", "one")),
                new ChannelDefinition("one", 1, false));
        harness = EngineHarness.start(dir, set, List.of(probe), Duration.ofMillis(200));
        UUID blocker = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(blocker));
        UUID queued = submit("work", Map.of("value", "q"));
        RunRequest delayed = new RunRequest(UUID.randomUUID(), null, "work", null, Map.of("value", "d"), 0,
                System.currentTimeMillis() + 1500, 0, "t");
        harness.engine.submit(delayed);
        harness.close();
        harness = null;

        ProbeExecutor fresh = new ProbeExecutor();
        harness = EngineHarness.start(dir, set, List.of(fresh));

        assertThat(harness.awaitFinished(blocker).state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(harness.awaitFinished(queued).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(harness.awaitFinished(delayed.runId()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(fresh.started).containsExactly(queued, delayed.runId());
        assertThat(harness.store.runQueue().size()).isZero();
        assertThat(harness.engine.history().get(queued)).get().extracting(RunRecord::state)
                .isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void close_waitsTheGracePeriodThenRecordsRunningRunsAsInterrupted() {
        harness = EngineHarness.start(dir, set(List.of(probeTask("hold", "hold-forever", "default"))),
                List.of(probe), Duration.ofMillis(300));
        UUID run = submit("hold", Map.of());
        await().until(() -> probe.holding.contains(run));

        harness.engine.close();

        RunFinished finished = harness.finished(run).orElseThrow();
        assertThat(finished.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(finished.error()).contains("the agent stopped");
        assertThat(harness.engine.submit(RunRequest.of("hold", Map.of(), "t")).error()).contains("shutting down");
    }

    @Test
    void output_goesToTheTaskLogFileOfTheDayAndTheHistoryExcerpt() throws Exception {
        harness = EngineHarness.start(dir, set(List.of(probeTask("work", "ok", "default"))), List.of(probe));
        UUID run = submit("work", Map.of("value", "x"));

        harness.awaitFinished(run);

        String log = Files.readString(harness.logs.fileFor("work"));
        assertThat(log).contains(run.toString().substring(0, 8) + " out | ok attempt 1").contains("finished: succeeded");
        assertThat(harness.engine.history().get(run)).get().satisfies(record -> {
            assertThat(record.outputExcerpt()).isEqualTo("ok attempt 1\n");
            assertThat(record.result().get("echo").textValue()).isEqualTo("x");
            assertThat(record.parameters()).containsEntry("value", "x");
        });
    }
}
