-- Row-level-security building blocks. The kernel's tenant guard sets these settings with
-- set_config(..., true) at the start of every transaction; policies compare against them:
--   CREATE POLICY tenant_isolation ON x USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
-- An unset or empty setting yields NULL, and NULL matches no row.
CREATE FUNCTION app_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

-- The workstation a user is narrowed to (分权分域), NULL for users who see the whole tenant.
CREATE FUNCTION app_scope_unit() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.scope_unit', true), '') $$;
