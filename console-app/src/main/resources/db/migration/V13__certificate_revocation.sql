-- Client certificates the console CA issued to agents (recorded from enrolment and renewal on), so that removing an
-- agent can revoke every one of them. Serials are lower-case hex without leading zeros.
CREATE TABLE issued_certificates (
    serial     VARCHAR(64)  PRIMARY KEY,
    agent_id   VARCHAR(128) NOT NULL,
    not_after  TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX issued_certificates_by_agent ON issued_certificates (agent_id);

-- Revoked client certificates: the broker's deny list and the entries of the CRL (pki/crl.pem).
-- reason is agent-removed or superseded (renewed).
CREATE TABLE revoked_certificates (
    serial     VARCHAR(64)  PRIMARY KEY,
    agent_id   VARCHAR(128) NOT NULL,
    reason     VARCHAR(32)  NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Set when an operator removed the agent; cleared when it is enrolled again. Removed agents are not listed.
ALTER TABLE agents ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
