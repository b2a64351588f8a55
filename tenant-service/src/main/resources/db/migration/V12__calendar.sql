-- The tenant's working-time calendar. Without a row a tenant uses the defaults (standard office hours,
-- the official holiday schedule); its own special days override the defaults date by date.
CREATE TABLE calendar_settings (
    tenant_id  text        NOT NULL PRIMARY KEY,
    zone       text        NOT NULL,
    hours      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE calendar_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calendar_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE calendar_day (
    tenant_id text NOT NULL,
    day       date NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY', 'NORMAL')),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    PRIMARY KEY (tenant_id, day)
);
ALTER TABLE calendar_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_day FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calendar_day
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
