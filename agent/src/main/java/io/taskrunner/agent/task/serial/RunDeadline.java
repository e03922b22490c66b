package io.taskrunner.agent.task.serial;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskOutcome;

/**
 * A token for the serial ports that is cancelled when the run is, or when the run's timeout passes: the ports
 * know only cancellation, while a run also has a time limit (waiting for the port counts against it).
 */
final class RunDeadline implements AutoCloseable {
    private final TaskContext context;
    private final CancellationToken token = new CancellationToken();
    private final Thread timer;
    private volatile boolean expired;

    RunDeadline(TaskContext context) {
        this.context = context;
        context.cancel().onCancel(token::cancel);
        timer = Thread.ofVirtual().name("serial-deadline-" + context.runId()).start(this::expireLater);
    }

    CancellationToken token() {
        return token;
    }

    /** The outcome of a failed serial call: cancelled or timed out when that is why, else failed. */
    TaskOutcome failure(FieldDeviceException e, JsonNode result) {
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        if (expired) {
            return TaskOutcome.timedOut(context.timeout());
        }
        return TaskOutcome.failed(e.getMessage(), result);
    }

    @Override
    public void close() {
        timer.interrupt();
    }

    private void expireLater() {
        try {
            Thread.sleep(context.timeout());
            expired = true;
            token.cancel();
        } catch (InterruptedException e) {
            // the run ended in time
        }
    }
}
