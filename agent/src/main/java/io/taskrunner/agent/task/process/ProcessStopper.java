package io.taskrunner.agent.task.process;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.executor.ProcessTree;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the processes a stop or kill matched. Stop asks each to end (SIGTERM; {@code taskkill} without {@code /F}
 * on Windows), waits up to the grace period, then kills what is left with its descendants; kill does that at once.
 * The result is {@code {"matched":n,"stopped":[pids],"killed":[pids],"descendants":[pids]}}, plus {@code failed}
 * when a process outlived even the kill (usually: it belongs to another user).
 */
final class ProcessStopper {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStopper.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** SIGKILL is not refused; this only bounds the wait for a process stuck in the kernel. */
    private static final Duration EXIT_AFTER_KILL = Duration.ofSeconds(10);
    private static final Duration TASKKILL_WAIT = Duration.ofSeconds(5);
    /** A parent may start new children while we kill; a few rounds catch those too. */

    private final TaskContext context;
    private final boolean windows;
    private final Map<Long, String> labels = new LinkedHashMap<>();

    ProcessStopper(TaskContext context, boolean windows) {
        this.context = context;
        this.windows = windows;
    }

    TaskOutcome stop(List<ProcessHandle> matches, Duration grace) {
        matches.forEach(this::label);
        for (ProcessHandle process : matches) {
            if (askToEnd(process)) {
                say("asked " + label(process) + " to end");
            } else {
                say(process.isAlive() ? "could not ask " + label(process) + " to end"
                        : label(process) + " had already ended");
            }
        }
        Duration wait = grace.compareTo(context.timeout()) < 0 ? grace : context.timeout();
        if (!awaitExit(matches, wait)) {
            say("cancelled while waiting for the processes to end; nothing was killed");
            ObjectNode result = report(matches, alreadyGone(matches), List.of(), List.of());
            return new TaskOutcome(RunState.CANCELLED, null, result, "cancelled; processes were asked to end but"
                    + " not killed", 0, false);
        }
        List<ProcessHandle> stopped = alreadyGone(matches);
        stopped.forEach(process -> say(label(process) + " ended"));
        List<ProcessHandle> remaining = matches.stream().filter(ProcessHandle::isAlive).toList();
        List<ProcessHandle> descendants = new ArrayList<>();
        for (ProcessHandle process : remaining) {
            descendants.addAll(ProcessTree.killForcibly(process));
            say("killed " + label(process) + " and its child processes after " + wait.toSeconds() + " s");
        }
        return finish(matches, stopped, remaining, descendants);
    }

    TaskOutcome kill(List<ProcessHandle> matches) {
        matches.forEach(this::label);
        List<ProcessHandle> descendants = new ArrayList<>();
        for (ProcessHandle process : matches) {
            descendants.addAll(ProcessTree.killForcibly(process));
            say("killed " + label(process) + " and its child processes");
        }
        return finish(matches, List.of(), matches, descendants);
    }

    private TaskOutcome finish(List<ProcessHandle> matches, List<ProcessHandle> stopped, List<ProcessHandle> killed,
            List<ProcessHandle> descendants) {
        List<ProcessHandle> all = new ArrayList<>(killed);
        all.addAll(descendants);
        awaitExit(all, EXIT_AFTER_KILL);
        List<ProcessHandle> alive = matches.stream().filter(ProcessHandle::isAlive).toList();
        ObjectNode result = report(matches, stopped, killed, descendants);
        if (alive.isEmpty()) {
            return TaskOutcome.succeeded(result);
        }
        ArrayNode failed = result.putArray("failed");
        alive.forEach(process -> failed.add(process.pid()));
        alive.forEach(process -> say("could not end " + label(process)));
        return TaskOutcome.failed("could not end " + alive.stream().map(this::label).toList()
                + "; the agent may lack the permission", result);
    }

    private static ObjectNode report(List<ProcessHandle> matches, List<ProcessHandle> stopped,
            List<ProcessHandle> killed, List<ProcessHandle> descendants) {
        ObjectNode result = JSON.objectNode();
        result.put("matched", matches.size());
        result.set("stopped", pids(stopped));
        result.set("killed", pids(killed));
        result.set("descendants", pids(descendants));
        return result;
    }

    static ArrayNode pids(Collection<ProcessHandle> processes) {
        ArrayNode array = JSON.arrayNode();
        processes.forEach(process -> array.add(process.pid()));
        return array;
    }

    private static List<ProcessHandle> alreadyGone(List<ProcessHandle> processes) {
        return processes.stream().filter(process -> !process.isAlive()).toList();
    }

    private boolean askToEnd(ProcessHandle process) {
        if (process.supportsNormalTermination() || !windows) {
            return process.destroy();
        }
        // On Windows ProcessHandle.destroy() is a hard kill; taskkill without /F sends WM_CLOSE instead.
        try {
            Process taskkill = new ProcessBuilder("taskkill", "/PID", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("NUL").toFile())).start();
            return taskkill.waitFor(TASKKILL_WAIT.toMillis(), TimeUnit.MILLISECONDS) && taskkill.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("Could not run taskkill for pid {}: {}", process.pid(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until all of {@code processes} are gone or {@code limit} passed; false if the run was cancelled. */
    private boolean awaitExit(List<ProcessHandle> processes, Duration limit) {
        CompletableFuture<Void> all = CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit)
                .toArray(CompletableFuture<?>[]::new));
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        context.cancel().onCancel(() -> cancelled.complete(null));
        try {
            CompletableFuture.anyOf(all, cancelled).get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.debug("Not all of {} ended within {}", pids(processes), limit);
        } catch (ExecutionException e) {
            LOG.warn("Waiting for {} to end failed", pids(processes), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !cancelled.isDone();
    }

    /** {@code pid 42 (sleep)}; remembered on first use, since a process that ended tells nothing any more. */
    private String label(ProcessHandle process) {
        return labels.computeIfAbsent(process.pid(), pid -> process.info().command()
                .map(command -> "pid " + pid + " (" + command.substring(Math.max(command.lastIndexOf('/'),
                        command.lastIndexOf('\\')) + 1) + ")")
                .orElse("pid " + pid));
    }

    private void say(String line) {
        LOG.info("Run {}: {}", context.runId(), line);
        context.output().onOutput(OutputStreamKind.STDOUT, line + "\n");
    }
}
