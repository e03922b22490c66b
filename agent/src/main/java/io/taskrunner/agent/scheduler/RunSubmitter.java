package io.taskrunner.agent.scheduler;

import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.engine.RunRequest;
import java.util.function.Consumer;

/** Where a schedule's runs go: {@link RunEngine#submit(RunRequest, Consumer)} in the agent. May block briefly. */
@FunctionalInterface
public interface RunSubmitter {
    /** Submits {@code request}; {@code whenFinished} is told once, when the run ended or was rejected. */
    RunEngine.Submission submit(RunRequest request, Consumer<RunRecord> whenFinished);
}
