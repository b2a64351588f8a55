-- A tenant's prompt library: metadata here, the 8 kHz WAV in the tenant's bucket under object_key.
CREATE TABLE prompt (
    tenant_id   text        NOT NULL,
    name        text        NOT NULL,
    source      text        NOT NULL CHECK (source IN ('UPLOAD', 'TTS')),
    text        text,
    format      text        NOT NULL,
    duration_ms bigint      NOT NULL,
    size_bytes  bigint      NOT NULL,
    object_key  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

ALTER TABLE prompt ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON prompt
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
