-- Tickets (工单): the ledger is the truth (append-only, one row per step: 一案一档), the ticket row is its
-- projection for lists, screen pop, SLA scans and reports, updated with an optimistic version check.
-- A unit's users (scope 'unit:<code>') and a workstation's users see only tickets whose visible_scopes name them.

CREATE TABLE ticket_category (
    tenant_id     text    NOT NULL,
    code          text    NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    parent_code   text,
    name          text    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    -- The national classification code where one is known; NULL otherwise (never guessed).
    standard_code text CHECK (standard_code IS NULL OR length(standard_code) BETWEEN 1 AND 32),
    active        boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_code) REFERENCES ticket_category (tenant_id, code)
);
ALTER TABLE ticket_category ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_category FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_category
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE ticket (
    tenant_id              text        NOT NULL,
    id                     uuid        NOT NULL PRIMARY KEY,
    version                integer     NOT NULL CHECK (version >= 1),
    status                 text        NOT NULL,
    channel                text        NOT NULL,
    kind                   text        NOT NULL,
    category               text        NOT NULL,
    urgency                text        NOT NULL,
    confidential           boolean     NOT NULL,
    -- keyed blind index of the normalised caller number (PersonalDataCipher), for screen pop
    phone_index            text        NOT NULL,
    summary                text        NOT NULL,
    area                   text,
    external_ref           text,
    main_unit              text,
    co_units               text[]      NOT NULL DEFAULT '{}',
    visible_scopes         text[]      NOT NULL DEFAULT '{}',
    hard                   boolean     NOT NULL DEFAULT false,
    direct_answer          boolean     NOT NULL DEFAULT false,
    satisfaction           text,
    dissatisfied_count     integer     NOT NULL DEFAULT 0,
    return_count           integer     NOT NULL DEFAULT 0,
    extension_count        integer     NOT NULL DEFAULT 0,
    extension_days         integer     NOT NULL DEFAULT 0,
    urge_count             integer     NOT NULL DEFAULT 0,
    supervise_count        integer     NOT NULL DEFAULT 0,
    suspended_seconds      bigint      NOT NULL DEFAULT 0,
    suspended_since        timestamptz,
    opened_at              timestamptz NOT NULL,
    first_dispatched_at    timestamptz,
    dispatched_at          timestamptz,
    signed_at              timestamptz,
    answered_at            timestamptz,
    closed_at              timestamptz,
    merged_into            uuid,
    calls                  uuid[]      NOT NULL DEFAULT '{}',
    warnings               text[]      NOT NULL DEFAULT '{}',
    updated_at             timestamptz NOT NULL
);
CREATE INDEX ticket_phone ON ticket (tenant_id, phone_index, opened_at DESC);
CREATE INDEX ticket_open ON ticket (tenant_id, status) WHERE status NOT IN ('CLOSED', 'ARCHIVED', 'MERGED');
CREATE INDEX ticket_opened ON ticket (tenant_id, opened_at);
CREATE UNIQUE INDEX ticket_external_ref ON ticket (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
ALTER TABLE ticket ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket
    USING (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR app_scope_unit() = ANY (visible_scopes)))
    WITH CHECK (tenant_id = app_tenant() AND (app_scope_unit() IS NULL OR app_scope_unit() = ANY (visible_scopes)));

-- The case file: append-only. Personal data of the opening entry is sealed in `personal` (SM4, bound to the
-- tenant); `payload` holds the rest of the event as JSON.
CREATE TABLE ticket_ledger (
    tenant_id   text        NOT NULL,
    ticket_id   uuid        NOT NULL REFERENCES ticket (id),
    seq         integer     NOT NULL CHECK (seq >= 1),
    type        text        NOT NULL CHECK (type ~ '^[A-Z][A-Za-z0-9]{2,63}$'),
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    actor_kind  text        NOT NULL,
    actor_unit  text,
    payload     jsonb       NOT NULL,
    personal    bytea,
    attachments jsonb       NOT NULL DEFAULT '[]',
    PRIMARY KEY (ticket_id, seq)
);
ALTER TABLE ticket_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_ledger
    USING (tenant_id = app_tenant()
           AND (app_scope_unit() IS NULL
                OR EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id AND app_scope_unit() = ANY (t.visible_scopes))))
    WITH CHECK (tenant_id = app_tenant());
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_ledger FROM ${appRole};

-- Ticket events, written in the transaction of the step, relayed to the tenant's Pulsar topic.
CREATE TABLE ticket_event_outbox (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL PRIMARY KEY,
    ticket_id       uuid        NOT NULL,
    seq             integer     NOT NULL,
    type            text        NOT NULL CHECK (type ~ '^[A-Z][A-Za-z0-9]{2,63}$'),
    envelope        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX ticket_event_outbox_pending ON ticket_event_outbox (tenant_id, created_at, id) WHERE sent_at IS NULL;
ALTER TABLE ticket_event_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_event_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_event_outbox
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON ticket_event_outbox FROM ${appRole};

-- Platform level (no personal data): which tenants have ticket data, so that cross-tenant jobs (relay, SLA scan)
-- can bind each tenant in turn; and the relay's lease.
CREATE TABLE ticket_tenant (
    tenant_slug text      NOT NULL PRIMARY KEY CHECK (tenant_slug ~ '^[a-z][a-z0-9-]{1,31}$'),
    since     timestamptz NOT NULL DEFAULT now()
);
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_tenant FROM ${appRole};

CREATE TABLE ticket_relay_lease (
    name        text        NOT NULL PRIMARY KEY,
    holder      text,
    lease_until timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO ticket_relay_lease (name) VALUES ('ticket-events');
REVOKE DELETE, TRUNCATE ON ticket_relay_lease FROM ${appRole};
