-- An operator's audited, time-limited permission to see one tenant's data (platform level).
CREATE TABLE support_grant (
    id           uuid PRIMARY KEY,
    tenant_slug  text NOT NULL REFERENCES tenant (slug),
    operator     text NOT NULL,
    reason       text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
    granted_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '8 hours')
);
CREATE INDEX support_grant_tenant ON support_grant (tenant_slug, expires_at);
