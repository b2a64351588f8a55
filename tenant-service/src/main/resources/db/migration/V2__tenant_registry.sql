-- The platform registry of tenants. A platform-level table: no tenant_id, no row-level security;
-- only the operator API and internal API (auth-server's issuer check) read it.
CREATE TABLE tenant (
    slug             text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind             text NOT NULL CHECK (kind IN ('CITY', 'DISTRICT', 'MEDICAL_INSURANCE', 'OTHER')),
    hotline_numbers  text[] NOT NULL DEFAULT '{}',
    status           text NOT NULL CHECK (status IN ('PROVISIONING', 'PROVISIONING_FAILED', 'ACTIVE', 'SUSPENDED', 'DEACTIVATED')),
    status_reason    text,
    -- the canonical JSON of the spec the tenant was provisioned with: a repeated POST with the same
    -- spec is answered from it, a different one for the same slug is a conflict
    spec             jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Workstations (工作站) of a tenant: a city's districts and counties. Tenant-owned, so RLS per ADR 0002.
CREATE TABLE workstation (
    tenant_id   text NOT NULL REFERENCES tenant (slug),
    id          text NOT NULL CHECK (id ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]\.[a-z][a-z0-9-]{0,30}[a-z0-9]$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (split_part(id, '.', 1) = tenant_id)
);

ALTER TABLE workstation ENABLE ROW LEVEL SECURITY;
ALTER TABLE workstation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workstation
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR id = app_scope_unit()))
    WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR id = app_scope_unit()));
