-- Directory, part 2: departments, groups, seats (工号), skill groups, agent skills, phone numbers (DIDs).
-- All may belong to a workstation (scope_unit); a workstation user sees only its own.

CREATE FUNCTION directory_scope_policy(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I'
        || ' USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit = app_scope_unit()))'
        || ' WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit = app_scope_unit()))',
        tbl);
END $$;

CREATE TABLE directory_department (
    tenant_id  text NOT NULL,
    id         uuid NOT NULL PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    parent_id  uuid REFERENCES directory_department (id),
    scope_unit text,
    UNIQUE (tenant_id, name)
);
SELECT directory_scope_policy('directory_department');

CREATE TABLE directory_group (
    tenant_id  text   NOT NULL,
    id         uuid   NOT NULL PRIMARY KEY,
    name       text   NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    member_ids uuid[] NOT NULL DEFAULT '{}',
    scope_unit text,
    UNIQUE (tenant_id, name)
);
SELECT directory_scope_policy('directory_group');

CREATE TABLE directory_seat (
    tenant_id  text NOT NULL,
    id         uuid NOT NULL PRIMARY KEY,
    seat_no    text NOT NULL CHECK (seat_no ~ '^[0-9A-Za-z-]{1,16}$'),
    user_id    uuid REFERENCES directory_user (id),
    scope_unit text,
    UNIQUE (tenant_id, seat_no),
    UNIQUE (tenant_id, user_id)
);
SELECT directory_scope_policy('directory_seat');

CREATE TABLE directory_skill_group (
    tenant_id  text NOT NULL,
    id         uuid NOT NULL PRIMARY KEY,
    code       text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    scope_unit text,
    UNIQUE (tenant_id, code)
);
SELECT directory_scope_policy('directory_skill_group');

CREATE TABLE directory_agent_skill (
    tenant_id      text     NOT NULL,
    user_id        uuid     NOT NULL REFERENCES directory_user (id),
    skill_group_id uuid     NOT NULL REFERENCES directory_skill_group (id),
    level          smallint NOT NULL CHECK (level BETWEEN 1 AND 10),
    scope_unit     text,
    PRIMARY KEY (user_id, skill_group_id)
);
SELECT directory_scope_policy('directory_agent_skill');

CREATE TABLE directory_phone_number (
    tenant_id  text NOT NULL,
    number     text NOT NULL PRIMARY KEY CHECK (number ~ '^\+?[0-9]{3,20}$'),
    purpose    text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 64),
    scope_unit text
);
SELECT directory_scope_policy('directory_phone_number');

DROP FUNCTION directory_scope_policy(text);
