-- Watchdog and threshold alerts, one row per incident: raised once, closed by the agent's recovery event,
-- acknowledged by an operator. Applied from agent events (alert.raised), so a re-sent event changes nothing.
CREATE TABLE alerts (
    incident_id      UUID          PRIMARY KEY,
    agent_id         VARCHAR(128)  NOT NULL,
    rule_name        VARCHAR(256)  NOT NULL,
    severity         VARCHAR(16)   NOT NULL,
    message          VARCHAR(4096) NOT NULL,
    raised_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    recovered_at     TIMESTAMP WITH TIME ZONE,
    recovery_message VARCHAR(4096),
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    acknowledged_by  VARCHAR(256)
);
CREATE INDEX alerts_by_raised ON alerts (raised_at);
CREATE INDEX alerts_open ON alerts (recovered_at, raised_at);
