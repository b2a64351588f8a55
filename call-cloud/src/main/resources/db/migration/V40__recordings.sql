-- Call recordings in the tenant's bucket (issue 5): one row per archived call recording, written by the instance
-- that owned the call when it ended, and the audit trail of every play, download, deletion (refused or done) and
-- legal hold (media's RecordingAudit port, implemented here on a tenant-guarded table).
CREATE TABLE call_recording (
    tenant_id       text        NOT NULL,
    call_id         uuid        NOT NULL,
    recording_id    text        NOT NULL,   -- the media server's recording name
    bucket          text        NOT NULL,
    object_key      text        NOT NULL,
    status          text        NOT NULL,   -- UPLOADED, SPOOLED (waiting in the local spool for the store)
    agents          text        NOT NULL,   -- comma-separated agent ids
    started_at      timestamptz NOT NULL,
    duration_ms     bigint      NOT NULL,
    codec           text        NOT NULL,
    sha256          text        NOT NULL,
    retention_until timestamptz NOT NULL,
    partial         boolean     NOT NULL,
    archived_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, call_id)
);

ALTER TABLE call_recording ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_recording FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_recording
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE recording_audit (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    call_id     uuid        NOT NULL,
    who         text        NOT NULL,
    action      text        NOT NULL,   -- PLAY, DOWNLOAD, DELETE, DELETE_REFUSED, LEGAL_HOLD, EXPIRED
    why         text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX recording_audit_call ON recording_audit (tenant_id, call_id, at);

ALTER TABLE recording_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE recording_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON recording_audit
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
