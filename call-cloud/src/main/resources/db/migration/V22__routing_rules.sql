-- A tenant's routing rules: one JSON document (lists, ordered rules, default, defaultQueue), replaced as a whole.
CREATE TABLE routing_rules (
    tenant_id  text        PRIMARY KEY,
    document   jsonb       NOT NULL,
    revision   int         NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text        NOT NULL
);

ALTER TABLE routing_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE routing_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON routing_rules
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
