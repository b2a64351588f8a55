-- Attachments of tickets (photos, documents, audio): the bytes live in S3 (object key
-- <tenant>/<ticket>/<attachment id>), the metadata here; each upload is also a ledger entry (NoteAdded with the
-- attachment's key and name), written in the same transaction as the row.
CREATE TABLE ticket_attachment (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL PRIMARY KEY,
    ticket_id    uuid        NOT NULL REFERENCES ticket (id),
    ledger_seq   integer     NOT NULL CHECK (ledger_seq >= 1),
    object_key   text        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    source       text        NOT NULL CHECK (source IN ('UPLOAD', 'CITY')),
    uploaded_by  text        NOT NULL,
    uploaded_at  timestamptz NOT NULL,
    UNIQUE (tenant_id, object_key)
);
CREATE INDEX ticket_attachment_ticket ON ticket_attachment (tenant_id, ticket_id, uploaded_at);
ALTER TABLE ticket_attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_attachment FORCE ROW LEVEL SECURITY;
-- Like the ledger: a unit's or workstation's user sees the attachments of the tickets it sees.
CREATE POLICY tenant_isolation ON ticket_attachment
    USING (tenant_id = app_tenant()
           AND (app_scope_unit() IS NULL
                OR EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id AND app_scope_unit() = ANY (t.visible_scopes))))
    WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_attachment FROM ${appRole};

-- Every presigned link handed out: who, when, for which attachment, valid until when (audit; append-only).
CREATE TABLE ticket_attachment_access (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL PRIMARY KEY,
    attachment_id uuid        NOT NULL REFERENCES ticket_attachment (id),
    ticket_id     uuid        NOT NULL,
    who           text        NOT NULL,
    at            timestamptz NOT NULL,
    valid_until   timestamptz NOT NULL
);
CREATE INDEX ticket_attachment_access_attachment ON ticket_attachment_access (tenant_id, attachment_id, at);
ALTER TABLE ticket_attachment_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_attachment_access FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_attachment_access
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_attachment_access FROM ${appRole};

-- The tenant's limits; a tenant without a row gets cc.ticket.attachments' defaults.
CREATE TABLE ticket_attachment_policy (
    tenant_id     text        NOT NULL PRIMARY KEY,
    max_bytes     bigint      NOT NULL CHECK (max_bytes > 0),
    content_types text[]      NOT NULL,
    updated_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL
);
ALTER TABLE ticket_attachment_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_attachment_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_attachment_policy
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
