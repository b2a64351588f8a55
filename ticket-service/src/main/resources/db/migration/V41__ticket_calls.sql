-- Calls as call-cloud's call events tell them (persistent://{tenant}/calls/call-events): who answered, when, when it
-- ended. Used to link a call to the tickets its agent opened while on it; no caller number is stored here.
CREATE TABLE ticket_call (
    tenant_id     text        NOT NULL,
    call_id       uuid        NOT NULL,
    agent         text,
    answered_at   timestamptz,
    ended_at      timestamptz,
    last_sequence bigint      NOT NULL,
    PRIMARY KEY (tenant_id, call_id)
);
CREATE INDEX ticket_call_agent ON ticket_call (tenant_id, agent, answered_at DESC);

-- Call events already applied (envelope ids: stable across re-deliveries).
CREATE TABLE ticket_call_event (
    tenant_id   text        NOT NULL,
    event_id    uuid        NOT NULL,
    type        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, event_id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ticket_call', 'ticket_call_event'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant())'
                       ' WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
REVOKE DELETE, TRUNCATE ON ticket_call_event FROM ${appRole};
