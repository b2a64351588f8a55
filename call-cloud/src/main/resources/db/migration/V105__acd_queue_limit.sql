-- A tenant's wait limit in the queue (ACD settings API, queueLimit): after after_seconds a waiting caller gets action.
-- Without a row callers wait without limit.
CREATE TABLE acd_queue_limit (
    tenant_id      text        PRIMARY KEY,
    after_seconds  int         NOT NULL CHECK (after_seconds BETWEEN 30 AND 3600),
    action         text        NOT NULL CHECK (action IN ('VOICEMAIL', 'CALLBACK', 'CHOICE')),
    updated_by     text        NOT NULL,
    updated_at     timestamptz NOT NULL
);

ALTER TABLE acd_queue_limit ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_queue_limit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_queue_limit
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
