-- The exchange with the city 12345 platform (package cn.hotline.ticket.city). Every table that holds a tenant's data
-- has tenant_id and a forced row-level-security policy; the one platform table lists which tenants take part, so that
-- the outbox relay and the delivery worker can bind each tenant in turn (a query without a tenant sees no rows).

CREATE TABLE city_exchange_tenant (
    tenant        text        NOT NULL PRIMARY KEY CHECK (tenant ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Secrets the city signs its pushes with (several active at once while the city rotates).
CREATE TABLE city_inbound_secret (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    -- SM4: base64 of the kernel's PersonalDataCipher seal (bound to the tenant); PLAIN only where no keys are configured
    sealing    text        NOT NULL DEFAULT 'PLAIN' CHECK (sealing IN ('SM4', 'PLAIN')),
    secret     text        NOT NULL,
    CHECK (sealing = 'SM4' OR secret LIKE 'whsec\_%'),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- Secrets we sign our deliveries with; every active one signs, so the city can switch at its own pace.
CREATE TABLE city_outbound_secret (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    -- SM4: base64 of the kernel's PersonalDataCipher seal (bound to the tenant); PLAIN only where no keys are configured
    sealing    text        NOT NULL DEFAULT 'PLAIN' CHECK (sealing IN ('SM4', 'PLAIN')),
    secret     text        NOT NULL,
    CHECK (sealing = 'SM4' OR secret LIKE 'whsec\_%'),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- How the tenant's city platform takes our changes: pushed to its URL, or polled by it; field mapping as JSON.
CREATE TABLE city_endpoint (
    tenant_id  text        NOT NULL PRIMARY KEY,
    mode       text        NOT NULL CHECK (mode IN ('PUSH', 'PULL')),
    url        text,
    mapping    jsonb       NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (mode = 'PULL' OR url IS NOT NULL)
);

-- One row per webhook id: a second delivery of the same id finds it and repeats the stored answer.
CREATE TABLE city_webhook_receipt (
    tenant_id   text        NOT NULL,
    webhook_id  text        NOT NULL,
    kind        text        NOT NULL,
    body_sha256 text        NOT NULL,
    status      integer     NOT NULL,
    answer      jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, webhook_id)
);

-- Until the ticket aggregate takes them over: tickets the city transferred, by the city's number.
CREATE TABLE city_ticket (
    tenant_id      text        NOT NULL,
    id             uuid        NOT NULL,
    city_ticket_no text        NOT NULL,
    title          text        NOT NULL,
    category       text,
    urgency        text        NOT NULL CHECK (urgency IN ('NORMAL', 'URGENT')),
    confidential   boolean     NOT NULL,
    due_at         timestamptz,
    state          text        NOT NULL DEFAULT 'RECEIVED',
    urges          integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, city_ticket_no)
);

CREATE TABLE city_urge (
    tenant_id      text        NOT NULL,
    id             uuid        NOT NULL,
    city_ticket_no text        NOT NULL,
    reason         text        NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id)
);

-- The transactional outbox: written in the transaction of the change, relayed to the tenant's Pulsar topic.
CREATE TABLE city_outbox (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    kind            text        NOT NULL,
    city_ticket_no  text        NOT NULL,
    body            jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text,
    relayed_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX city_outbox_pending ON city_outbox (tenant_id, created_at, id) WHERE relayed_at IS NULL;

-- What became of each change: DELIVERED, DEAD (gave up after the last attempt: the alert's row), or REDRIVEN (an
-- administrator sent a dead change again; it becomes DELIVERED or DEAD once more).
CREATE TABLE city_delivery (
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('DELIVERED', 'DEAD', 'REDRIVEN')),
    attempts        integer     NOT NULL,
    last_error      text,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, idempotency_key)
);

-- The pull adapter's queue: changes waiting for a city platform that polls us.
CREATE TABLE city_pull_item (
    tenant_id       text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    idempotency_key text        NOT NULL,
    body            jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, idempotency_key)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['city_inbound_secret', 'city_outbound_secret', 'city_endpoint', 'city_webhook_receipt',
                             'city_ticket', 'city_urge', 'city_outbox', 'city_delivery', 'city_pull_item'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant())'
                       ' WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

-- History stays: the app role never deletes receipts, outbox rows, delivery outcomes or the tenant registry.
REVOKE DELETE, TRUNCATE ON city_webhook_receipt, city_outbox, city_delivery, city_exchange_tenant FROM ${appRole};
