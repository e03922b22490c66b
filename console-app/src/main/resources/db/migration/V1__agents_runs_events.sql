-- Agents known to this console; acked_seq is the highest agent event sequence stored here (end-to-end ack).
CREATE TABLE agents (
    agent_id        VARCHAR(128) PRIMARY KEY,
    status          VARCHAR(16)  NOT NULL DEFAULT 'unknown',
    host_name       VARCHAR(255),
    os              VARCHAR(255),
    os_version      VARCHAR(255),
    arch            VARCHAR(64),
    agent_version   VARCHAR(64),
    addresses       VARCHAR(2048),
    cpu_percent     DOUBLE PRECISION,
    memory_percent  DOUBLE PRECISION,
    disk_free_bytes BIGINT,
    last_seen       TIMESTAMP WITH TIME ZONE,
    acked_seq       BIGINT       NOT NULL DEFAULT 0,
    enrolled_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE runs (
    run_id           UUID PRIMARY KEY,
    agent_id         VARCHAR(128) NOT NULL,
    command_id       UUID         NOT NULL,
    argv             CLOB         NOT NULL,
    working_dir      VARCHAR(4096),
    state            VARCHAR(16)  NOT NULL,
    exit_code        INT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    duration_ms      BIGINT,
    output_bytes     BIGINT       NOT NULL DEFAULT 0,
    output_truncated BOOLEAN      NOT NULL DEFAULT FALSE,
    error            VARCHAR(4096)
);
CREATE INDEX runs_by_created ON runs (created_at);
CREATE INDEX runs_by_agent ON runs (agent_id, created_at);
CREATE UNIQUE INDEX runs_by_command ON runs (command_id);

-- Every agent event as received, stored once: the id is the event's own UUID, (agent, seq) is unique too.
CREATE TABLE agent_events (
    event_id UUID PRIMARY KEY,
    agent_id VARCHAR(128) NOT NULL,
    seq      BIGINT       NOT NULL,
    type     VARCHAR(64)  NOT NULL,
    ts       TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id   UUID,
    payload  CLOB         NOT NULL,
    CONSTRAINT agent_events_agent_seq UNIQUE (agent_id, seq)
);
CREATE INDEX agent_events_by_run ON agent_events (run_id);

CREATE TABLE run_output (
    run_id    UUID        NOT NULL,
    agent_seq BIGINT      NOT NULL,
    stream    VARCHAR(8)  NOT NULL,
    text      CLOB        NOT NULL,
    PRIMARY KEY (run_id, agent_seq)
);
