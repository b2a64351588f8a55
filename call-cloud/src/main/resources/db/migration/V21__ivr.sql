-- IVR trees per tenant: the editable draft, and published versions that never change (a call keeps the version it
-- started with). current_version is what new calls get; rollback points it at an older version. prompts lists the
-- prompt names a version plays, so the prompt library can refuse to delete one in use.
CREATE TABLE ivr_tree (
    tenant_id       text        NOT NULL,
    tree_id         text        NOT NULL,
    draft           jsonb       NOT NULL,
    draft_saved_at  timestamptz NOT NULL,
    draft_saved_by  text        NOT NULL,
    current_version int,
    PRIMARY KEY (tenant_id, tree_id)
);

CREATE TABLE ivr_version (
    tenant_id    text        NOT NULL,
    tree_id      text        NOT NULL,
    version      int         NOT NULL CHECK (version >= 1),
    definition   jsonb       NOT NULL,
    prompts      text[]      NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text        NOT NULL,
    PRIMARY KEY (tenant_id, tree_id, version),
    FOREIGN KEY (tenant_id, tree_id) REFERENCES ivr_tree (tenant_id, tree_id)
);
CREATE INDEX ivr_version_prompts ON ivr_version USING gin (prompts);

ALTER TABLE ivr_tree ENABLE ROW LEVEL SECURITY;
ALTER TABLE ivr_tree FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ivr_tree
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE ivr_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE ivr_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ivr_version
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
