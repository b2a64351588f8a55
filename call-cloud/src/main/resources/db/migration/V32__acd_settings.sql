-- A tenant's own ACD settings (ring time, wrap-up, queue limit, overflow between groups); without a row the platform
-- defaults (cc.call.acd.*) apply. The tenant's writer reads them when it starts and is told of every change.
CREATE TABLE acd_settings (
    tenant_id           text        PRIMARY KEY,
    ring_timeout_ms     bigint      NOT NULL,
    after_call_work_ms  bigint      NOT NULL,
    max_queue_length    int         NOT NULL,
    overflow            text        NOT NULL,   -- from>to@seconds, comma-separated, in order per group
    updated_by          text        NOT NULL,
    updated_at          timestamptz NOT NULL
);

ALTER TABLE acd_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
