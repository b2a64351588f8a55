-- Directory, part 1: roles, user accounts and the city platform's API clients (ADR 0002 §3).
-- Every table is tenant-owned: RLS enabled and forced, keyed on app_tenant(); rows that belong to a
-- workstation or a handling unit carry scope_unit and are narrowed by app_scope_unit() as well.

CREATE TABLE directory_role (
    tenant_id   text        NOT NULL,
    code        text        NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    permissions text[]      NOT NULL DEFAULT '{}',
    builtin     boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);
ALTER TABLE directory_role ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory_role FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON directory_role
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE directory_user (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL PRIMARY KEY,
    username        text        NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name    text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    password_hash   text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    scope_unit      text,
    roles           text[]      NOT NULL DEFAULT '{}',
    phone           text,
    department_id   uuid,
    failed_attempts integer     NOT NULL DEFAULT 0,
    lockouts        integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, username)
);
ALTER TABLE directory_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory_user FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON directory_user
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit = app_scope_unit()))
    WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit = app_scope_unit()));

CREATE TABLE directory_api_client (
    tenant_id   text        NOT NULL,
    client_id   text        NOT NULL CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    secret_hash text        NOT NULL,
    grant_types text[]      NOT NULL,
    scopes      text[]      NOT NULL,
    roles       text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    rotated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, client_id)
);
ALTER TABLE directory_api_client ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory_api_client FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON directory_api_client
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
