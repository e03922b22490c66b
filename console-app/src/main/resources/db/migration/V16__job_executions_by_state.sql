-- The job engine asks after every execution change whether a job still has executions queued, sent or in
-- progress; with this index that is one look-up instead of a scan of the job's executions.
CREATE INDEX job_executions_by_job_state ON job_executions (job_id, state);
