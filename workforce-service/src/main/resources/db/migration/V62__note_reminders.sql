-- Reminders of personal notes (便签, issue 9): when a note's remind_at has passed, the announcement job sends its owner
-- a NoteReminderDue (note id and owner only — the text stays private) and sets reminded_at; changing remind_at arms
-- the reminder again.
ALTER TABLE note ADD COLUMN reminded_at timestamptz;
CREATE INDEX note_reminders_due ON note (tenant_id, remind_at) WHERE reminded_at IS NULL AND remind_at IS NOT NULL;
