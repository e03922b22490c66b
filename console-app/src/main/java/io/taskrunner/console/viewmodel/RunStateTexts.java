package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.RunState;

/** The label of each run state. Keys are written out whole so the localization check can find them. */
public final class RunStateTexts {
    private RunStateTexts() {
    }

    /** The text for {@code state}; {@code null} means the run was asked for but the console has no record yet. */
    public static String text(RunState state, Messages messages) {
        if (state == null) {
            return messages.get("run.state.started");
        }
        return messages.get(switch (state) {
            // a pending run is stored and on its way to the agent; there is no separate text for it yet
            case PENDING, QUEUED -> "run.state.queued";
            case RUNNING -> "run.state.running";
            case SUCCEEDED -> "run.state.succeeded";
            case FAILED -> "run.state.failed";
            case TIMED_OUT -> "run.state.timedOut";
            case CANCELLED -> "run.state.cancelled";
            case REJECTED -> "run.state.rejected";
            case INTERRUPTED -> "run.state.interrupted";
        });
    }

    /** The text for a stored run: its state, or "retrying (attempt n)" while it waits for attempt n. */
    public static String text(RunSnapshot run, Messages messages) {
        if (run.isRetrying()) {
            return messages.get("run.state.retrying", run.attempts() + 1);
        }
        return text(run.state(), messages);
    }

    /** The style hint for a stored run: a run waiting to be retried has failed once, so it warns. */
    public static Tone tone(RunSnapshot run) {
        return run.isRetrying() ? Tone.WARNING : tone(run.state());
    }

    /** A style hint for the state: success, danger, warning or neutral. */
    public static Tone tone(RunState state) {
        if (state == null) {
            return Tone.NEUTRAL;
        }
        return switch (state) {
            case SUCCEEDED -> Tone.SUCCESS;
            case FAILED, REJECTED -> Tone.DANGER;
            case TIMED_OUT, CANCELLED, INTERRUPTED -> Tone.WARNING;
            case PENDING, QUEUED, RUNNING -> Tone.ACCENT;
        };
    }
}
