-- Tokens of the Fleet API (HTTPS on the console). Only the SHA-256 of a token is kept: tokens are 32 random bytes,
-- so a fast hash cannot be brute-forced. scopes is a comma-separated list (agents:read, runs:write, ...);
-- agent_ids and agent_groups, when not empty, restrict the token to those agents (comma-separated).
-- A revoked token keeps its row (revoked_at set) until a new token takes its name.
CREATE TABLE api_tokens (
    name         VARCHAR(64)   PRIMARY KEY,
    token_hash   VARBINARY(32) NOT NULL,
    scopes       VARCHAR(256)  NOT NULL,
    agent_ids    VARCHAR(8192) NOT NULL DEFAULT '',
    agent_groups VARCHAR(8192) NOT NULL DEFAULT '',
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
