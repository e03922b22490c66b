-- Progress a running task reports (run.progress): the latest percent (0-100) and status text, and when it arrived.
ALTER TABLE runs ADD COLUMN progress_percent INT;
ALTER TABLE runs ADD COLUMN progress_details VARCHAR(512);
ALTER TABLE runs ADD COLUMN progress_at TIMESTAMP WITH TIME ZONE;

-- The run's latest percent while an execution is in progress; its text goes to status_details.
ALTER TABLE job_executions ADD COLUMN progress INT;
