-- The recording of a call as call-cloud's CallRecorded event names it (issue 9): the media server's recording id and
-- the object key in the tenant's recordings bucket. NULL until the event arrives; a linked call without it still
-- shows the archive's conventional key calls/<call>.wav (links made before this event existed keep working).
ALTER TABLE ticket_call ADD COLUMN recording_id   text;
ALTER TABLE ticket_call ADD COLUMN recording_key  text;
ALTER TABLE ticket_call ADD COLUMN recording_sha  text;
ALTER TABLE ticket_call ADD COLUMN recording_ms   bigint;
