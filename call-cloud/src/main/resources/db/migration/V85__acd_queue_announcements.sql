-- A tenant's choice of position / estimated-wait announcements for its waiting callers (ACD settings API); without a
-- row the platform's cc.call.session.announce-every applies. Read by the live call when a call starts waiting.
CREATE TABLE acd_queue_announcements (
    tenant_id          text        PRIMARY KEY,
    announce_position  boolean     NOT NULL,
    every_seconds      int         NOT NULL CHECK (every_seconds BETWEEN 15 AND 600),
    updated_by         text        NOT NULL,
    updated_at         timestamptz NOT NULL
);

ALTER TABLE acd_queue_announcements ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_queue_announcements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_queue_announcements
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
