-- Knowledge base (知识库). Every table is tenant-owned: tenant_id + forced row-level security. Entries and questions
-- also carry scope_unit: a workstation's or unit's entries are invisible to callers narrowed to another scope; callers
-- who see the whole tenant (scope unset) see them all. Personal entries are filtered by owner in the service.

-- The category tree, by path: '医保', '医保/异地就医'.
CREATE TABLE kb_category (
    tenant_id   text        NOT NULL,
    path        text        NOT NULL CHECK (path ~ '^[^/]{1,32}(/[^/]{1,32}){0,4}$'),
    parent_path text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, path),
    FOREIGN KEY (tenant_id, parent_path) REFERENCES kb_category (tenant_id, path)
);
ALTER TABLE kb_category ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_category FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_category
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE kb_entry (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('ARTICLE', 'TEMPLATE', 'YELLOW_PAGE')),
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    tags        text[]      NOT NULL DEFAULT '{}',
    category    text        NOT NULL,
    tier        text        NOT NULL CHECK (tier IN ('TENANT', 'WORKSTATION', 'UNIT', 'PERSONAL')),
    scope_unit  text,
    owner       text        NOT NULL,
    unit_code   text,
    contacts    jsonb       NOT NULL DEFAULT '[]',
    status      text        NOT NULL CHECK (status IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'OFF_SHELF')),
    valid_from  date,
    valid_to    date,
    version     integer     NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, category) REFERENCES kb_category (tenant_id, path),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to),
    CHECK ((tier IN ('WORKSTATION', 'UNIT')) = (scope_unit IS NOT NULL)),
    CHECK (kind <> 'YELLOW_PAGE' OR unit_code IS NOT NULL)
);
CREATE INDEX kb_entry_status ON kb_entry (tenant_id, status);
ALTER TABLE kb_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_entry
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit IS NULL OR scope_unit = app_scope_unit()))
    WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit IS NULL OR scope_unit = app_scope_unit()));

-- Who changed what: one row per saved version and per workflow step.
CREATE TABLE kb_entry_version (
    tenant_id  text        NOT NULL,
    entry_id   uuid        NOT NULL,
    version    integer     NOT NULL,
    seq        integer     NOT NULL,
    action     text        NOT NULL,
    status     text        NOT NULL,
    title      text        NOT NULL,
    body       text        NOT NULL,
    tags       text[]      NOT NULL,
    category   text        NOT NULL,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    note       text,
    PRIMARY KEY (tenant_id, entry_id, seq),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES kb_entry (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE kb_entry_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_entry_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_entry_version
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- Views and citations per entry and day: hot ranking decays them over time.
CREATE TABLE kb_entry_day (
    tenant_id text    NOT NULL,
    entry_id  uuid    NOT NULL,
    day       date    NOT NULL,
    views     integer NOT NULL DEFAULT 0,
    citations integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, entry_id, day),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES kb_entry (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE kb_entry_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_entry_day FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_entry_day
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- An entry cited in a ticket's answer; the text is what the ticket's ledger shows.
CREATE TABLE kb_citation (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL,
    entry_id      uuid        NOT NULL,
    entry_version integer     NOT NULL,
    ticket_id     uuid        NOT NULL,
    cited_by      text        NOT NULL,
    cited_at      timestamptz NOT NULL DEFAULT now(),
    text          text        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES kb_entry (tenant_id, id)
);
CREATE INDEX kb_citation_ticket ON kb_citation (tenant_id, ticket_id);
ALTER TABLE kb_citation ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_citation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_citation
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE kb_synonym (
    tenant_id text   NOT NULL,
    id        uuid   NOT NULL,
    words     text[] NOT NULL CHECK (cardinality(words) BETWEEN 2 AND 20),
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE kb_synonym ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_synonym FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_synonym
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- Ask a unit: a question a handling unit answers; an accepted answer becomes an entry in review.
CREATE TABLE kb_question (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    unit_code   text        NOT NULL,
    scope_unit  text        NOT NULL,
    question    text        NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    category    text        NOT NULL,
    asked_by    text        NOT NULL,
    asked_at    timestamptz NOT NULL DEFAULT now(),
    status      text        NOT NULL CHECK (status IN ('OPEN', 'ANSWERED')),
    answer      text,
    answered_by text,
    answered_at timestamptz,
    entry_id    uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, category) REFERENCES kb_category (tenant_id, path)
);
ALTER TABLE kb_question ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_question FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_question
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit IS NULL OR scope_unit = app_scope_unit()))
    WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR scope_unit IS NULL OR scope_unit = app_scope_unit()));

-- The generative model a tenant lets phrase answers (an OpenAI-compatible endpoint); absent = extractive only.
CREATE TABLE kb_model (
    tenant_id  text        NOT NULL PRIMARY KEY,
    endpoint   text        NOT NULL CHECK (endpoint ~ '^https?://'),
    model      text        NOT NULL CHECK (length(model) BETWEEN 1 AND 100),
    api_key    text,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE kb_model ENABLE ROW LEVEL SECURITY;
ALTER TABLE kb_model FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kb_model
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
