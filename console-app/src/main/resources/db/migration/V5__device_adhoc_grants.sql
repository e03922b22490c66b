-- Agents a device may send ad-hoc programs to over MQTT (a JSON array of agent ids): an explicit grant, separate
-- from the publish filters, which can never reach an agent's adhoc topic.
ALTER TABLE device_credentials ADD COLUMN adhoc_agents CLOB NOT NULL DEFAULT '[]';
