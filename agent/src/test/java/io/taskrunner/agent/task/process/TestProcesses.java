package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import io.taskrunner.agent.executor.ProcessTree;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** Real processes in tests: starting and tracking them, looking at their trees, and killing what is left. */
final class TestProcesses {

    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("test-run").start(task);

    private final Set<Long> tracked = ConcurrentHashMap.newKeySet();

    /** Starts {@code argv} with no input and output discarded, tracked for {@link #killAll()}. */
    Process start(List<String> argv) throws IOException {
        Process process = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        tracked.add(process.pid());
        return process;
    }

    /** Remembers {@code pid} so {@link #killAll()} ends it and its descendants. */
    void track(long pid) {
        tracked.add(pid);
    }

    /** Kills every tracked process that is still alive, with its descendants. */
    void killAll() {
        tracked.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessTree::killForcibly));
        tracked.clear();
    }

    /** {@code pid} and all its descendants alive now. */
    static Set<Long> tree(long pid) {
        Set<Long> pids = new LinkedHashSet<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            pids.add(root.pid());
            root.descendants().forEach(child -> pids.add(child.pid()));
        });
        return pids;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Runs the executor on a virtual thread, as the engine does, so the test can watch and cancel. */
    static CompletableFuture<TaskOutcome> runAsync(TestRun run, TaskExecutor executor) {
        return CompletableFuture.supplyAsync(() -> run.runWith(executor), VIRTUAL);
    }

    /**
     * A copy of {@code sleep} under a unique name, so matching by name or by command line finds only what this test
     * started, never another {@code sleep} on the machine.
     */
    static Path uniqueSleep(Path dir) throws IOException {
        Path sleep = Interpreters.system().find("sleep").orElseThrow(() -> new IllegalStateException(
                "no sleep program on PATH"));
        Path copy = dir.resolve("trsleep" + UUID.randomUUID().toString().replace("-", ""));
        Files.copy(sleep, copy, StandardCopyOption.COPY_ATTRIBUTES);
        return copy;
    }
}
