-- Supervisors joining live calls (listen now; whisper and barge later): every join is audited before the media server
-- is asked, with who, which call, the mode and why (R-CALL-10's "audited").
CREATE TABLE call_monitoring (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    call_id     uuid        NOT NULL,
    supervisor  text        NOT NULL,
    mode        text        NOT NULL,   -- LISTEN, WHISPER, BARGE
    why         text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX call_monitoring_call ON call_monitoring (tenant_id, call_id, at);

ALTER TABLE call_monitoring ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_monitoring FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_monitoring
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
