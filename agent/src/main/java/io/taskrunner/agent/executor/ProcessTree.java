package io.taskrunner.agent.executor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Kills a process together with everything it started. */
public final class ProcessTree {

    /** A parent may start new children while we kill; a few rounds catch those too. */
    private static final int MAX_ROUNDS = 5;

    private ProcessTree() {
    }

    /** Like {@link #killForcibly(ProcessHandle)}; does nothing to a child the agent has already reaped. */
    public static List<ProcessHandle> killForcibly(Process root) {
        return root instanceof SpawnedProcess spawned ? spawned.killTree() : killForcibly(root.toHandle());
    }

    /**
     * Kills the descendants of {@code root} first and {@code root} last: once the root is gone its children are
     * re-parented and can no longer be found through it. Does not wait for anything to exit.
     *
     * @return the descendants it found and killed
     */
    public static List<ProcessHandle> killForcibly(ProcessHandle root) {
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // descendants() lists parents before their children; reversed, the deepest die first.
            List<ProcessHandle> descendants = root.descendants().toList();
            if (!seen.addAll(descendants)) {
                break;
            }
            descendants.reversed().forEach(ProcessHandle::destroyForcibly);
        }
        root.destroyForcibly();
        // A child forked in the last instant before the root died was re-parented; kill anything we saw once more.
        seen.forEach(ProcessHandle::destroyForcibly);
        return List.copyOf(seen);
    }
}
