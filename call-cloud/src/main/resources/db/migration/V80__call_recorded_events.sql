-- CallRecorded on the tenant's call-event topic (issue 9): a recording in the store whose event has not been
-- published yet has event_published_at NULL; the tenant's ACD follower publishes it and sets the time. Rows that
-- existed before this migration count as published (their calls are long over).
ALTER TABLE call_recording ADD COLUMN event_published_at timestamptz;
UPDATE call_recording SET event_published_at = archived_at;
CREATE INDEX call_recording_unpublished ON call_recording (tenant_id, archived_at)
    WHERE event_published_at IS NULL AND status = 'UPLOADED';
