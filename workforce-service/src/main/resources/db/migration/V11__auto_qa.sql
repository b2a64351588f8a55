-- Automatic QA (package cn.hotline.workforce.quality.auto): the tenant's speech-recognition endpoint, its transcript
-- rules, transcripts, the computed results, and the audit of every recording played or read.

CREATE TABLE qa_asr_endpoint (
    tenant_id  text        NOT NULL PRIMARY KEY,
    url        text        NOT NULL CHECK (url ~ '^https?://'),
    api_key    text,
    model      text,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- rules: {greetings: [...], greetingWithinSeconds, closings: [...], forbidden: [...], confirmations: [...]}
CREATE TABLE qa_transcript_rules (
    tenant_id  text        NOT NULL PRIMARY KEY,
    rules      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- segments: [{speaker: CALLER|AGENT, startMs, endMs, text}]
CREATE TABLE qa_transcript (
    tenant_id  text        NOT NULL,
    call_id    uuid        NOT NULL,
    source     text        NOT NULL CHECK (source IN ('ASR', 'MANUAL')),
    segments   jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, call_id)
);

CREATE TABLE qa_auto_result (
    tenant_id   text        NOT NULL,
    call_id     uuid        NOT NULL,
    signals     jsonb       NOT NULL,
    findings    jsonb,
    computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, call_id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['qa_asr_endpoint', 'qa_transcript_rules', 'qa_transcript', 'qa_auto_result'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant())'
                       ' WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

-- Every play and download of a recording from workforce-service (inspectors listening beside the score, agents
-- listening to their own appealed call, automatic QA reading it): media's RecordingAudit port, append only.
CREATE TABLE qa_recording_audit (
    tenant_id text        NOT NULL,
    id        uuid        NOT NULL,
    call_id   uuid        NOT NULL,
    who       text        NOT NULL,
    action    text        NOT NULL,
    why       text        NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX qa_recording_audit_call ON qa_recording_audit (tenant_id, call_id, at);

ALTER TABLE qa_recording_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE qa_recording_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON qa_recording_audit USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE, TRUNCATE ON qa_recording_audit FROM ${appRole};
