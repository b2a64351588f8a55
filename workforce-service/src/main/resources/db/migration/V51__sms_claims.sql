-- A message is claimed just before it is handed to a gateway, so that the in-process drain of a batch and the
-- recovery job (which picks up messages left QUEUED by a stopped instance) never both send it. A claim older than
-- cc.workforce.sms.stale-after counts as abandoned (the instance died between claim and submit): at least once.
ALTER TABLE sms_message ADD COLUMN claimed_at timestamptz;
CREATE INDEX sms_message_queued ON sms_message (tenant_id, created_at) WHERE status = 'QUEUED';
