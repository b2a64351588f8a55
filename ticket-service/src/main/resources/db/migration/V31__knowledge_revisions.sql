-- A revision of a published entry is a draft row of its own that points at the live entry; the live entry stays in
-- search until the revision is approved, which copies it over the live entry (next version) and removes the draft.
ALTER TABLE kb_entry ADD COLUMN revises uuid;
ALTER TABLE kb_entry ADD FOREIGN KEY (tenant_id, revises) REFERENCES kb_entry (tenant_id, id) ON DELETE CASCADE;
