package io.taskrunner.console.service.jobs;

/** Told after a job or an execution changed in H2. */
interface JobEvents {
    void jobChanged(JobSnapshot job);

    void executionChanged(JobExecution execution);
}
