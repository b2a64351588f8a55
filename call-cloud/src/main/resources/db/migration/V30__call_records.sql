-- Call detail records and the call-event relay's progress, both derived from acd_decision (the ACD's history, written
-- in the writer's fenced transactions). The relay runs beside the tenant's writer: it folds new decisions into
-- call_record (cdr_upto) and publishes them to the tenant's Pulsar topic (published_upto), each at its own pace.
CREATE TABLE call_event_cursor (
    tenant_id      text   PRIMARY KEY,
    cdr_upto       bigint NOT NULL DEFAULT 0,
    published_upto bigint NOT NULL DEFAULT 0
);

CREATE TABLE call_record (
    tenant_id          text        NOT NULL,
    call_id            uuid        NOT NULL,
    skill_group        text,
    priority           int,
    caller             text,                  -- filled by the SIP side when it knows the call (sealed later)
    called             text,
    queued_at          timestamptz,
    first_offered_at   timestamptz,
    offers             int         NOT NULL DEFAULT 0,
    ring_no_answers    int         NOT NULL DEFAULT 0,
    overflowed_to      text,
    answered_at        timestamptz,
    agent_id           text,                  -- the agent who answered
    ended_at           timestamptz,
    outcome            text        NOT NULL,  -- WAITING, CONNECTED, ANSWERED, ABANDONED, REJECTED
    reject_reason      text,
    last_decision      bigint      NOT NULL,  -- the newest acd_decision folded in: replays change nothing
    PRIMARY KEY (tenant_id, call_id)
);
CREATE INDEX call_record_queued ON call_record (tenant_id, queued_at);

ALTER TABLE call_event_cursor ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_event_cursor FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_event_cursor
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE call_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_record FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_record
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
