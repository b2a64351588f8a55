-- Announcements and notes (公告 / 便签, R-MSG-1). An announcement targets everyone, roles or named users; it shows
-- from publish_at (delayed sending) until expires_at; urgent ones pop up (a notice on Pulsar when they go live);
-- read receipts and replies are per user. Search uses Chinese character bigrams kept in search_terms (GIN index):
-- PostgreSQL's own full-text search has no Chinese parser, and pg_trgm needs an extension the app role may not
-- create; bigrams need neither and are rebuilt from title and body by the index-rebuild endpoint.
CREATE TABLE announcement (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL PRIMARY KEY,
    group_name    text        NOT NULL CHECK (length(group_name) BETWEEN 1 AND 32),
    title         text        NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body          text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    urgent        boolean     NOT NULL,
    scrolling     boolean     NOT NULL,
    target_all    boolean     NOT NULL,
    target_roles  text[]      NOT NULL DEFAULT '{}',
    target_users  text[]      NOT NULL DEFAULT '{}',
    publish_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    -- when the pop-up notice went out on Pulsar (urgent ones only)
    notified_at   timestamptz,
    search_terms  text[]      NOT NULL DEFAULT '{}',
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    CHECK (expires_at IS NULL OR expires_at > publish_at)
);
CREATE INDEX announcement_live ON announcement (tenant_id, publish_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX announcement_terms ON announcement USING gin (search_terms);
CREATE INDEX announcement_pending_notice ON announcement (publish_at) WHERE urgent AND notified_at IS NULL;
ALTER TABLE announcement ENABLE ROW LEVEL SECURITY;
ALTER TABLE announcement FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON announcement
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE announcement_read (
    tenant_id    text        NOT NULL,
    announcement uuid        NOT NULL REFERENCES announcement (id) ON DELETE CASCADE,
    user_id      text        NOT NULL,
    read_at      timestamptz NOT NULL,
    PRIMARY KEY (announcement, user_id)
);
ALTER TABLE announcement_read ENABLE ROW LEVEL SECURITY;
ALTER TABLE announcement_read FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON announcement_read
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE announcement_reply (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL PRIMARY KEY,
    announcement uuid        NOT NULL REFERENCES announcement (id) ON DELETE CASCADE,
    user_id      text        NOT NULL,
    user_name    text,
    body         text        NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at   timestamptz NOT NULL
);
CREATE INDEX announcement_reply_of ON announcement_reply (announcement, created_at);
ALTER TABLE announcement_reply ENABLE ROW LEVEL SECURITY;
ALTER TABLE announcement_reply FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON announcement_reply
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- Personal notes (便签): only their owner reads them (the owner check is in every statement).
CREATE TABLE note (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL PRIMARY KEY,
    owner      text        NOT NULL,
    title      text        NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body       text        NOT NULL CHECK (length(body) <= 5000),
    pinned     boolean     NOT NULL DEFAULT false,
    remind_at  timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX note_owner ON note (tenant_id, owner, pinned DESC, updated_at DESC);
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
ALTER TABLE note FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON note
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
