-- Definitions the operator edits in the console, one row per definition (kind: task, datasource, channel, trigger,
-- route, ...), stored as the wire contract's JSON so an agent receives exactly what was checked here.
CREATE TABLE definitions (
    kind       VARCHAR(32)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    body       CLOB         NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, name)
);

-- Who gets a definition: every agent (target_type 'all'), one agent, a group or a tag.
CREATE TABLE definition_targets (
    kind        VARCHAR(32)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    target_type VARCHAR(16)  NOT NULL,
    target      VARCHAR(128) NOT NULL,
    PRIMARY KEY (kind, name, target_type, target),
    FOREIGN KEY (kind, name) REFERENCES definitions (kind, name) ON DELETE CASCADE
);

-- The groups and tags an agent belongs to.
CREATE TABLE agent_labels (
    agent_id   VARCHAR(128) NOT NULL,
    label_type VARCHAR(16)  NOT NULL,
    label      VARCHAR(128) NOT NULL,
    PRIMARY KEY (agent_id, label_type, label)
);

-- The last bundle published to each agent (retained on its desired topic) and what the agent answered.
CREATE TABLE desired_bundles (
    agent_id        VARCHAR(128) PRIMARY KEY,
    version         BIGINT       NOT NULL,
    content_hash    VARCHAR(64)  NOT NULL,
    definitions     CLOB         NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_version BIGINT       NOT NULL DEFAULT 0,
    applied_at      TIMESTAMP WITH TIME ZONE,
    refused_version BIGINT,
    refused_field   VARCHAR(512),
    refused_error   VARCHAR(4096)
);
