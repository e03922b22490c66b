package io.taskrunner.agent.executor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Kills a process together with everything it started. */
final class ProcessTree {

    /** A parent may start new children while we kill; a few rounds catch those too. */
    private static final int MAX_ROUNDS = 5;

    private ProcessTree() {
    }

    /**
     * Kills the descendants of {@code root} first and {@code root} last: once the root is gone its children are
     * re-parented and can no longer be found through it. Does not wait for anything to exit.
     */
    static void killForcibly(ProcessHandle root) {
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // descendants() lists parents before their children; reversed, the deepest die first.
            List<ProcessHandle> descendants = root.descendants().toList();
            if (descendants.isEmpty()) {
                break;
            }
            seen.addAll(descendants);
            descendants.reversed().forEach(ProcessHandle::destroyForcibly);
        }
        root.destroyForcibly();
        // A child forked in the last instant before the root died was re-parented; kill anything we saw once more.
        seen.forEach(ProcessHandle::destroyForcibly);
    }
}
