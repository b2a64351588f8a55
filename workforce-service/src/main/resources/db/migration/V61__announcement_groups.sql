-- Announcements addressed to skill groups (issue 9): the groups as written, and their members as tenant-service named
-- them when the announcement went live (resolved at send time: at once for an announcement live on creation, by the
-- announcement job for a delayed one). Until resolved, only the other targets see it.
ALTER TABLE announcement ADD COLUMN target_groups      text[]      NOT NULL DEFAULT '{}';
ALTER TABLE announcement ADD COLUMN group_members      text[]      NOT NULL DEFAULT '{}';
ALTER TABLE announcement ADD COLUMN groups_resolved_at timestamptz;
CREATE INDEX announcement_group_members ON announcement USING gin (group_members);
