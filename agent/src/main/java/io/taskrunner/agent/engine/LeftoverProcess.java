package io.taskrunner.agent.engine;

import io.taskrunner.agent.executor.ProcessTree;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A crash of the agent does not end the programs it started: after the restart they are found and ended. */
final class LeftoverProcess {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverProcess.class);
    /** How far the recorded start may be from the process's own: the pid may have been reused since. */
    private static final long SAME_START_MILLIS = 1000;

    private LeftoverProcess() {
    }

    /** Kills the run's process and what it started if that very process still runs; says so for the run's error. */
    static String endIfAlive(PendingRun run) {
        if (run.pid() <= 0) {
            return "";
        }
        Optional<ProcessHandle> process = ProcessHandle.of(run.pid()).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant().map(Instant::toEpochMilli)
                        .map(start -> Math.abs(start - run.processStart()) < SAME_START_MILLIS).orElse(false));
        if (process.isEmpty()) {
            return "";
        }
        List<ProcessHandle> descendants = ProcessTree.killForcibly(process.get());
        LOG.warn("run {}: its process {} outlived the agent; killed it and {} child processes", run.runId(),
                run.pid(), descendants.size());
        return "; its process " + run.pid() + " was still running and was killed with its child processes";
    }
}
