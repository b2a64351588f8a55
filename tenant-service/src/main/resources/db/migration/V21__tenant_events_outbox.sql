-- Tenant lifecycle events (TenantActivated, TenantSuspended, TenantReactivated, TenantDeactivated): a transactional
-- outbox written in the transaction that changes tenant.status, relayed to Pulsar by one instance at a time
-- (the holder of the lease below). Platform level like tenant itself: no tenant_id, no RLS.

CREATE TABLE tenant_event_outbox (
    id              uuid        NOT NULL PRIMARY KEY,
    tenant_slug     text        NOT NULL REFERENCES tenant (slug),
    type            text        NOT NULL CHECK (type ~ '^[A-Z][A-Za-z0-9]{2,63}$'),
    version         integer     NOT NULL CHECK (version >= 1),
    envelope        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX tenant_event_outbox_pending ON tenant_event_outbox (created_at, id) WHERE sent_at IS NULL;

-- A lease per relay: the instance whose name is in holder may relay until lease_until.
CREATE TABLE event_relay_lease (
    name        text        NOT NULL PRIMARY KEY,
    holder      text,
    lease_until timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO event_relay_lease (name) VALUES ('tenant-events');

-- Sent events are history: the app role marks them sent but never deletes them.
REVOKE DELETE, TRUNCATE ON tenant_event_outbox FROM ${appRole};
REVOKE DELETE, TRUNCATE ON event_relay_lease FROM ${appRole};
