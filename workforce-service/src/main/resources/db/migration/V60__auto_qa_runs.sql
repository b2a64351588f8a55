-- Automatic QA started by call-cloud's CallRecorded event (issue 9): one row per event (envelope id), so a
-- re-delivered event runs nothing twice; the recording's id and key as the event named them; the run's outcome.
CREATE TABLE qa_auto_run (
    tenant_id    text        NOT NULL,
    event_id     uuid        NOT NULL,
    call_id      uuid        NOT NULL,
    recording_id text        NOT NULL,
    object_key   text        NOT NULL,
    sha256       text        NOT NULL,
    duration_ms  bigint      NOT NULL,
    status       text        NOT NULL,   -- PENDING, DONE, FAILED
    attempts     int         NOT NULL DEFAULT 0,
    error        text,
    received_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    done_at      timestamptz,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX qa_auto_run_call ON qa_auto_run (tenant_id, call_id, received_at DESC);

ALTER TABLE qa_auto_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE qa_auto_run FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON qa_auto_run
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
