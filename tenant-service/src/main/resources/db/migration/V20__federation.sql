-- Federation (R-TEN-4): a tenant's upstream OIDC provider and the links from its subjects to local accounts.
-- Both tables are tenant-owned: RLS enabled and forced on app_tenant(). Federated accounts are tenant-wide
-- records; a link follows its user, whose own row is narrowed by scope_unit in directory_user.

CREATE TABLE federation_settings (
    tenant_id      text        NOT NULL PRIMARY KEY,
    issuer         text        NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
    client_id      text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
    -- SM4-sealed by the kernel's PersonalDataCipher when configured ('SM4'), else stored as UTF-8 ('PLAIN');
    -- never returned by the tenant admin API either way.
    client_secret  bytea       NOT NULL,
    secret_sealing text        NOT NULL CHECK (secret_sealing IN ('SM4', 'PLAIN')),
    scopes         text[]      NOT NULL,
    display_name   text        CHECK (length(display_name) <= 64),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE federation_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE federation_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON federation_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE federated_identity (
    tenant_id  text        NOT NULL,
    issuer     text        NOT NULL,
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id    uuid        NOT NULL REFERENCES directory_user (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, issuer, subject),
    UNIQUE (tenant_id, issuer, user_id)
);
ALTER TABLE federated_identity ENABLE ROW LEVEL SECURITY;
ALTER TABLE federated_identity FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON federated_identity
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
