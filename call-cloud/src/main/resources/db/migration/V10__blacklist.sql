-- Blacklisted callers (R-CALL-*): a tenant's own list (tenant-owned, forced RLS) and the platform-wide list that the
-- operator keeps (platform data like the tenant registry: no tenant_id, read by every tenant's admission check).
-- Numbers are canonical (national digits, see call-cloud's PhoneNumber); an entry with expires_at in the past is
-- ignored and no longer listed.
CREATE TABLE call_blacklist (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    number     text        NOT NULL CHECK (number ~ '^\+?[0-9]{3,20}$'),
    reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number)
);

ALTER TABLE call_blacklist ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_blacklist FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_blacklist
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE platform_blacklist (
    id         uuid        PRIMARY KEY,
    number     text        NOT NULL UNIQUE CHECK (number ~ '^\+?[0-9]{3,20}$'),
    reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL
);
