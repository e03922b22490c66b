-- Every operator action: who (the OS user at the console, or api:<token name> for the Fleet API), when, what and on
-- which target. details is a JSON object with the action's parameters, secret values masked; outcome is 'ok' or
-- 'failed: <reason>'. Rows are only ever added.
CREATE TABLE audit_log (
    id      BIGINT AUTO_INCREMENT PRIMARY KEY,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor   VARCHAR(128)   NOT NULL,
    action  VARCHAR(64)    NOT NULL,
    target  VARCHAR(512)   NOT NULL,
    details VARCHAR(16384) NOT NULL,
    outcome VARCHAR(1024)  NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- The agents a command-signing key rotation waits for: announced (key.rotate sent, signed with previous_key_id) and,
-- once the agent answered key.rotated, confirmed. The console keeps the previous key while any row of the current
-- rotation (key_id = the console's key) is unconfirmed.
CREATE TABLE signing_key_agents (
    agent_id        VARCHAR(128) PRIMARY KEY,
    key_id          VARCHAR(32)  NOT NULL,
    previous_key_id VARCHAR(32)  NOT NULL,
    announced_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at    TIMESTAMP WITH TIME ZONE
);
