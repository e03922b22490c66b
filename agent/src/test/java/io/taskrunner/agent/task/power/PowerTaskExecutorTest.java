package io.taskrunner.agent.task.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.PowerAction;
import io.taskrunner.protocol.definition.PowerTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The executor with a control that only records; nothing reaches the OS. */
class PowerTaskExecutorTest {
    private final RecordingPowerControl control = new RecordingPowerControl();
    private final PowerTaskExecutor executor = new PowerTaskExecutor(control);

    private record Call(String action, Duration delay, String message) {
    }

    private static class RecordingPowerControl implements PowerControl {
        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public void restart(Duration delay, String message) {
            calls.add(new Call("restart", delay, message));
        }

        @Override
        public void shutdown(Duration delay, String message) {
            calls.add(new Call("shutdown", delay, message));
        }

        @Override
        public void logoff() {
            calls.add(new Call("logoff", null, null));
        }

        @Override
        public void cancelPending() {
            calls.add(new Call("cancel", null, null));
        }
    }

    @Test
    void restart_passesDelayAndMessage_andReportsWhatWasRequested() {
        TestRun run = TestRun.of(task(new PowerTask(PowerAction.RESTART, 300, "Updates: save your work")));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(control.calls)
                .containsExactly(new Call("restart", Duration.ofMinutes(5), "Updates: save your work"));
        assertThat(outcome.result().toString()).isEqualTo("{\"action\":\"restart\",\"delaySeconds\":300}");
        assertThat(run.stdout()).isEqualTo("restart requested in 300 s\n");
        assertThat(run.pids()).containsExactly(0L);
    }

    @Test
    void shutdown_withoutDelayOrMessage_requestsAnImmediateShutdown() {
        TaskOutcome outcome = TestRun.of(task(new PowerTask(PowerAction.SHUTDOWN, 0, null))).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(control.calls).containsExactly(new Call("shutdown", Duration.ZERO, null));
    }

    @Test
    void logoff_logsOffWithoutDelay() {
        TaskOutcome outcome = TestRun.of(task(new PowerTask(PowerAction.LOGOFF, 60, "bye"))).runWith(executor);

        assertThat(control.calls).containsExactly(new Call("logoff", null, null));
        assertThat(outcome.result().toString()).isEqualTo("{\"action\":\"logoff\"}");
    }

    @Test
    void cancel_withdrawsThePendingAction() {
        TestRun run = TestRun.of(task(new PowerTask(PowerAction.CANCEL, 0, null)));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(control.calls).containsExactly(new Call("cancel", null, null));
        assertThat(run.stdout()).isEqualTo("pending restart or shutdown cancelled\n");
        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void message_getsParametersFilledInAsIs() {
        TaskDefinition task = task(new PowerTask(PowerAction.RESTART, 60, "Restart by ${who}; \"$(reboot)\""))
                .withParameters(List.of(new ParameterSpec("who", ParameterType.STRING, null, true, null, null, null,
                        null, null, false)));

        TestRun.of(task).param("who", "-c operator").runWith(executor);

        assertThat(control.calls.getFirst().message()).isEqualTo("Restart by -c operator; \"$(reboot)\"");
    }

    @Test
    void unsupportedMachine_rejectsTheRun() {
        PowerTaskExecutor unsupported = new PowerTaskExecutor(new RecordingPowerControl() {
            @Override
            public void restart(Duration delay, String message) {
                throw new PowerUnsupportedException("power actions are not supported on Plan 9");
            }
        });

        TaskOutcome outcome = TestRun.of(task(new PowerTask(PowerAction.RESTART, 0, null))).runWith(unsupported);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error()).isEqualTo("unsupported: power actions are not supported on Plan 9");
    }

    @Test
    void refusalByTheOs_failsTheRunWithItsMessage() {
        PowerTaskExecutor refused = new PowerTaskExecutor(new RecordingPowerControl() {
            @Override
            public void cancelPending() {
                throw new TaskException("shutdown -c failed with exit code 1");
            }
        });

        assertThatThrownBy(() -> TestRun.of(task(new PowerTask(PowerAction.CANCEL, 0, null))).runWith(refused))
                .isInstanceOf(TaskException.class).hasMessage("shutdown -c failed with exit code 1");
    }

    @Test
    void alreadyCancelledRun_doesNothing() {
        TestRun run = TestRun.of(task(new PowerTask(PowerAction.SHUTDOWN, 0, null)));
        run.cancel().cancel();

        assertThat(run.runWith(executor).state()).isEqualTo(RunState.CANCELLED);
        assertThat(control.calls).isEmpty();
        assertThat(run.pids()).isEmpty();
    }

    private static TaskDefinition task(PowerTask spec) {
        return TaskDefinition.of("power", spec);
    }
}
