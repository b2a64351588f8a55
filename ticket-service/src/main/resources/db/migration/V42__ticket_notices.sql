-- Notices (催办 / 督办 / 黄灯 / 红灯) for whoever must act on a ticket: its main unit while a unit holds it, else the
-- centre (the workstation it was opened in, if any). One per ledger entry, written in the entry's transaction; the
-- row is also the outbox of its Pulsar message (persistent://{tenant}/notices/notices).
CREATE TABLE ticket_notice (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL PRIMARY KEY,
    ticket_id        uuid        NOT NULL REFERENCES ticket (id),
    ledger_seq       integer     NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('URGED', 'SUPERVISED', 'WARNING')),
    level            text        CHECK (level IN ('YELLOW', 'RED')),
    limit_name       text,
    recipient_unit   text,
    recipient_scope  text,
    note             text        NOT NULL,
    created_at       timestamptz NOT NULL,
    envelope         jsonb       NOT NULL,
    published_at     timestamptz,
    publish_attempts integer     NOT NULL DEFAULT 0,
    read_at          timestamptz,
    read_by          text,
    UNIQUE (ticket_id, ledger_seq)
);
CREATE INDEX ticket_notice_recipient ON ticket_notice (tenant_id, recipient_unit, created_at DESC);
CREATE INDEX ticket_notice_unpublished ON ticket_notice (tenant_id, created_at) WHERE published_at IS NULL;
ALTER TABLE ticket_notice ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_notice FORCE ROW LEVEL SECURITY;
-- A unit's or workstation's user sees the notices addressed to its scope; whole-tenant users see all.
CREATE POLICY tenant_isolation ON ticket_notice
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR app_scope_unit() = recipient_scope))
    WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON ticket_notice FROM ${appRole};
