-- Outbound calls (call detail records, direction OUTBOUND): an agent's transfer of a caller to an outside number or
-- another city's 12345, and callbacks dialled from an agent's browser. One row per attempt; the inbound call a
-- transfer came from is call_id, the must-call-back task a callback works on is callback_task_id.
CREATE TABLE outbound_call (
    tenant_id        text        NOT NULL,
    id               uuid        NOT NULL,
    direction        text        NOT NULL DEFAULT 'OUTBOUND',
    kind             text        NOT NULL,   -- TRANSFER_NUMBER, TRANSFER_CITY12345, CALLBACK
    call_id          uuid,                   -- the transferred inbound call (none for a callback)
    callback_task_id uuid,
    agent            text        NOT NULL,
    target           text        NOT NULL,   -- what the agent asked for: a number as typed, or a city
    number           text        NOT NULL,   -- the canonical number dialled
    caller_id        text        NOT NULL,   -- the tenant's caller id presented (From, P-Asserted-Identity)
    sip_call_id      text,
    started_at       timestamptz NOT NULL,
    answered_at      timestamptz,
    ended_at         timestamptz,
    outcome          text,                   -- ANSWERED, BUSY, NO_ANSWER, REJECTED, UNREACHABLE, CANCELLED
    sip_status       int,
    ended_by         text,                   -- FAR_END, US (answered calls)
    detail           text,
    PRIMARY KEY (tenant_id, id),
    CHECK (direction = 'OUTBOUND'),
    CHECK (kind IN ('TRANSFER_NUMBER', 'TRANSFER_CITY12345', 'CALLBACK'))
);
CREATE INDEX outbound_call_started ON outbound_call (tenant_id, started_at);
CREATE INDEX outbound_call_of_call ON outbound_call (tenant_id, call_id);

ALTER TABLE outbound_call ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbound_call FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbound_call
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
