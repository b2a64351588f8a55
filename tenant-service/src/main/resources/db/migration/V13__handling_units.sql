-- Handling units (承办单位): a tree per tenant. Units are tenant-wide reference data (tickets are dispatched
-- along the tree), so rows carry no scope_unit; unit users are directory users with scope_unit 'unit:<code>'.
CREATE TABLE handling_unit (
    tenant_id   text        NOT NULL,
    code        text        NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    level       text        NOT NULL CHECK (level IN ('CITY_MEMBER', 'DISTRICT', 'SECOND_LEVEL')),
    parent_code text,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_code) REFERENCES handling_unit (tenant_id, code)
);
ALTER TABLE handling_unit ENABLE ROW LEVEL SECURITY;
ALTER TABLE handling_unit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON handling_unit
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- Contacts of a unit (联系人): who signs for and answers its tickets.
CREATE TABLE handling_unit_contact (
    tenant_id text     NOT NULL,
    unit_code text     NOT NULL,
    seq       smallint NOT NULL,
    name      text     NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    phone     text     NOT NULL CHECK (phone ~ '^\+?[0-9][0-9-]{4,19}$'),
    title     text CHECK (title IS NULL OR length(title) BETWEEN 1 AND 64),
    PRIMARY KEY (tenant_id, unit_code, seq),
    FOREIGN KEY (tenant_id, unit_code) REFERENCES handling_unit (tenant_id, code)
);
ALTER TABLE handling_unit_contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE handling_unit_contact FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON handling_unit_contact
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
