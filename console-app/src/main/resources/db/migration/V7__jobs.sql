-- Fleet jobs: one task with parameters on a set of agents, rolled out at a rate. The spec is the checked JobSpec
-- as JSON (parameters as given, since retries and re-runs send them again).
CREATE TABLE jobs (
    job_id          UUID PRIMARY KEY,
    spec            CLOB        NOT NULL,
    state           VARCHAR(16) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    rollout_stopped BOOLEAN     NOT NULL DEFAULT FALSE,
    reason          VARCHAR(1024),
    rerun_of        UUID
);
CREATE INDEX jobs_by_state ON jobs (state);

-- One agent's part of a job; run_id is the task run of the latest attempt (table runs), null before the first.
CREATE TABLE job_executions (
    job_id         UUID         NOT NULL,
    agent_id       VARCHAR(128) NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    run_id         UUID,
    attempts       INT          NOT NULL DEFAULT 0,
    queued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    notified_at    TIMESTAMP WITH TIME ZONE,
    started_at     TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    duration_ms    BIGINT,
    status_details VARCHAR(4096),
    PRIMARY KEY (job_id, agent_id),
    FOREIGN KEY (job_id) REFERENCES jobs (job_id) ON DELETE CASCADE
);
CREATE INDEX job_executions_by_run ON job_executions (run_id);
CREATE INDEX job_executions_by_agent ON job_executions (agent_id, state);
