-- Runs of named tasks (command.run-task) beside runs of a program (command.run). A task run has no argv; it has
-- a task name and its parameters as JSON (secret values masked), and the agent reports where it was queued, its
-- attempts and retries, and a structured result (SQL rows, HTTP response, script result) as JSON.
-- A run the agent started on its own (a device trigger, a schedule) is first seen in its run.queued event and
-- has no command of the console, so command_id may be null.
ALTER TABLE runs ALTER COLUMN argv SET NULL;
ALTER TABLE runs ALTER COLUMN command_id SET NULL;
ALTER TABLE runs ADD COLUMN task_name VARCHAR(256);
ALTER TABLE runs ADD COLUMN parameters CLOB;
ALTER TABLE runs ADD COLUMN channel VARCHAR(256);
ALTER TABLE runs ADD COLUMN run_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE runs ADD COLUMN merged_into UUID;
ALTER TABLE runs ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE runs ADD COLUMN result CLOB;
CREATE INDEX runs_by_task ON runs (task_name, created_at);
