-- The post-call satisfaction survey per tenant: on or off, the prompt (a name in the tenant's prompt library; null: the
-- platform's spoken prompt), how long the caller may take, and which key gives which score.
CREATE TABLE survey_settings (
    tenant_id       text        PRIMARY KEY,
    enabled         boolean     NOT NULL,
    prompt          text,
    timeout_seconds int         NOT NULL,
    scores          text        NOT NULL,   -- key:score,key:score (e.g. 1:1,2:2,3:3,4:4,5:5)
    updated_at      timestamptz NOT NULL,
    updated_by      text        NOT NULL
);

ALTER TABLE survey_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE survey_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON survey_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
