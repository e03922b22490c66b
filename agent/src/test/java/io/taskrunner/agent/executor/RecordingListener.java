package io.taskrunner.agent.executor;

import java.util.ArrayList;
import java.util.List;

/** Collects what a run printed, per stream, and counts the listener calls. */
final class RecordingListener implements OutputListener {

    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<String> chunks = new ArrayList<>();

    @Override
    public synchronized void onOutput(OutputStreamKind stream, String text) {
        (stream == OutputStreamKind.STDOUT ? stdout : stderr).append(text);
        chunks.add(text);
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    synchronized int calls() {
        return chunks.size();
    }
}
