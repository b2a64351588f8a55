-- The ACD of each tenant: agents and live calls (what a new writer rebuilds its memory from), the decision history,
-- and the fence that refuses a writer whose Redis lease has passed to another instance. Every write transaction of
-- a writer first raises acd_fence.token to its own fencing token; a lower token finds no row to update and the
-- whole transaction is rolled back, so a stale writer cannot change anything.
CREATE TABLE acd_fence (
    tenant_id  text        PRIMARY KEY,
    token      bigint      NOT NULL,
    holder     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE acd_agent (
    tenant_id     text        NOT NULL,
    agent_id      text        NOT NULL,
    skills        text        NOT NULL,   -- skill:level,skill:level
    state         text        NOT NULL,   -- LOGGED_OUT, READY, NOT_READY, OFFERED, TALKING, ON_HOLD, AFTER_CALL_WORK
    reason        text,
    call_id       uuid,
    until_at      timestamptz,            -- ring deadline or end of after-call work
    state_since   timestamptz NOT NULL,
    idle_since    timestamptz NOT NULL,
    fencing_token bigint      NOT NULL,
    PRIMARY KEY (tenant_id, agent_id)
);

CREATE TABLE acd_call (
    tenant_id     text        NOT NULL,
    call_id       uuid        NOT NULL,
    skill_group   text        NOT NULL,
    priority      int         NOT NULL,
    queued_at     timestamptz NOT NULL,
    groups        text        NOT NULL,   -- its group and those it overflowed into, comma-separated
    next_overflow int         NOT NULL,
    status        text        NOT NULL,   -- WAITING, RINGING, CONNECTED
    agent_id      text,
    fencing_token bigint      NOT NULL,
    PRIMARY KEY (tenant_id, call_id)
);

CREATE TABLE acd_decision (
    tenant_id     text        NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    fencing_token bigint      NOT NULL,
    kind          text        NOT NULL,
    call_id       uuid,
    agent_id      text,
    detail        text,
    at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX acd_decision_call ON acd_decision (tenant_id, call_id);

ALTER TABLE acd_fence ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_fence FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_fence
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE acd_agent ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_agent FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_agent
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE acd_call ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_call FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_call
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE acd_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE acd_decision FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON acd_decision
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
