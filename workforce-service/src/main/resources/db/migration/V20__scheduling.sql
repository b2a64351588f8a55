-- Scheduling (排班), package cn.hotline.workforce.scheduling. Every table holds one tenant's data: tenant_id and a
-- forced row-level-security policy.

-- A shift type: start and end as local times of the tenant's day; end <= start means it ends the next day.
CREATE TABLE wfm_shift_type (
    tenant_id  text    NOT NULL,
    code       text    NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,16}$'),
    name       text    NOT NULL,
    starts     time    NOT NULL,
    ends       time    NOT NULL,
    PRIMARY KEY (tenant_id, code)
);

-- The roster: one shift per agent and day (no row: the agent is off).
CREATE TABLE wfm_roster (
    tenant_id  text        NOT NULL,
    agent      text        NOT NULL,
    day        date        NOT NULL,
    shift_code text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, agent, day),
    FOREIGN KEY (tenant_id, shift_code) REFERENCES wfm_shift_type (tenant_id, code)
);
CREATE INDEX wfm_roster_day ON wfm_roster (tenant_id, day);

CREATE TABLE wfm_rules (
    tenant_id            text    NOT NULL PRIMARY KEY,
    min_staff            integer NOT NULL CHECK (min_staff >= 0),
    min_rest_minutes     integer NOT NULL CHECK (min_rest_minutes >= 0),
    zone                 text    NOT NULL
);

CREATE TABLE wfm_request (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('LEAVE', 'SWAP')),
    agent       text        NOT NULL,
    other_agent text,
    day         date        NOT NULL,
    reason      text,
    status      text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    decided_by  text,
    decided_at  timestamptz,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((kind = 'SWAP') = (other_agent IS NOT NULL)),
    PRIMARY KEY (tenant_id, id)
);

-- Agents' state changes from call-cloud's AgentStateChanged events (adherence).
CREATE TABLE wfm_agent_state (
    tenant_id text        NOT NULL,
    agent     text        NOT NULL,
    at        timestamptz NOT NULL,
    seq       bigint      NOT NULL,
    state     text        NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX wfm_agent_state_agent ON wfm_agent_state (tenant_id, agent, at);

-- Calls as the forecast needs them: arrival, answer, end (CallArrived, CallAnswered, CallEnded/CallAbandoned).
CREATE TABLE wfm_call (
    tenant_id   text        NOT NULL,
    call_id     uuid        NOT NULL,
    arrived_at  timestamptz,
    answered_at timestamptz,
    ended_at    timestamptz,
    abandoned   boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, call_id)
);
CREATE INDEX wfm_call_arrived ON wfm_call (tenant_id, arrived_at);

CREATE TABLE wfm_event_seen (
    tenant_id text        NOT NULL,
    event_id  uuid        NOT NULL,
    seen_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, event_id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['wfm_shift_type', 'wfm_roster', 'wfm_rules', 'wfm_request', 'wfm_agent_state', 'wfm_call',
                             'wfm_event_seen'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant())'
                       ' WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
