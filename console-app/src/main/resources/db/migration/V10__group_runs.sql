-- Group runs: "run on any one agent of group G" goes to the group's MQTT 5 shared subscription, so the console does
-- not know which agent runs it until that agent reports the run. Such a run names its group and has no agent yet.
ALTER TABLE runs ALTER COLUMN agent_id SET NULL;
ALTER TABLE runs ADD COLUMN target_group VARCHAR(128);
CREATE INDEX runs_by_group ON runs (target_group, created_at);

-- The groups each agent's bundle carries (JSON array; NULL for none), and the groups of the bundle it last applied:
-- until it applies one without a group, the broker still lets it resume that group's shared subscription.
ALTER TABLE desired_bundles ADD COLUMN agent_groups VARCHAR(16384);
ALTER TABLE desired_bundles ADD COLUMN applied_groups VARCHAR(16384);
