-- Quality inspection (质检), package cn.hotline.workforce.quality. Every table holds one tenant's data: tenant_id and a
-- forced row-level-security policy.

-- Answered calls, folded from call-cloud's call events (CallArrived gives the group, CallAnswered the agent and time,
-- CallEnded the end); the rule flags come from ticket events (complaint) and satisfaction results (dissatisfied).
CREATE TABLE qa_call (
    tenant_id     text        NOT NULL,
    call_id       uuid        NOT NULL,
    group_code    text,
    agent         text,
    answered_at   timestamptz,
    ended_at      timestamptz,
    recording_key text,
    complaint     boolean     NOT NULL DEFAULT false,
    dissatisfied  boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, call_id)
);
CREATE INDEX qa_call_agent_month ON qa_call (tenant_id, agent, answered_at);

-- Events already folded (at-least-once delivery: the envelope id is the idempotency key).
CREATE TABLE qa_event_seen (
    tenant_id text        NOT NULL,
    event_id  uuid        NOT NULL,
    seen_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, event_id)
);

-- Tickets that can be inspected (complaints), from ticket-service's ticket events.
CREATE TABLE qa_ticket (
    tenant_id  text        NOT NULL,
    ticket_id  text        NOT NULL,
    agent      text,
    call_id    uuid,
    complaint  boolean     NOT NULL DEFAULT false,
    opened_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id)
);

-- Score templates: a code with immutable versions; items is a JSON array of {code, name, weight, fatal}.
CREATE TABLE qa_template (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL,
    code       text        NOT NULL,
    version    integer     NOT NULL CHECK (version >= 1),
    name       text        NOT NULL,
    items      jsonb       NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code, version)
);

CREATE TABLE qa_calibration (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    call_id     uuid        NOT NULL,
    template_id uuid        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id)
);

-- One inspection of one call or ticket by one inspector.
CREATE TABLE qa_task (
    tenant_id      text        NOT NULL,
    id             uuid        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('CALL', 'TICKET')),
    subject        text        NOT NULL,
    agent          text        NOT NULL,
    team           text,
    period         text        NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    template_id    uuid        NOT NULL,
    inspector      text        NOT NULL,
    reason         text        NOT NULL CHECK (reason IN ('SAMPLE', 'LONG_CALL', 'COMPLAINT', 'DISSATISFIED',
                                                          'MANUAL', 'CALIBRATION')),
    -- the sampler's audit trail: seed and the subject's rank among the agent's calls of the month
    sample_seed    text,
    sample_rank    integer,
    calibration_id uuid,
    status         text        NOT NULL CHECK (status IN ('ASSIGNED', 'SCORED', 'RECHECKED', 'APPEALED',
                                                          'APPEAL_UPHELD', 'APPEAL_REJECTED')),
    score          numeric(6, 2),
    fatal          boolean     NOT NULL DEFAULT false,
    points         jsonb,
    comment        text,
    scored_by      text,
    scored_at      timestamptz,
    appeal_reason  text,
    appeal_note    text,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    version        integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
-- a call or ticket is inspected once per reason (calibration tasks: once per inspector and session)
CREATE UNIQUE INDEX qa_task_once ON qa_task (tenant_id, kind, subject, reason) WHERE calibration_id IS NULL;
CREATE UNIQUE INDEX qa_task_calibration_once ON qa_task (tenant_id, calibration_id, inspector)
    WHERE calibration_id IS NOT NULL;
CREATE INDEX qa_task_inspector ON qa_task (tenant_id, inspector, status);
CREATE INDEX qa_task_period ON qa_task (tenant_id, period);

-- Every step of a task, append only (assignment, score, move, re-check, appeal, decision).
CREATE TABLE qa_task_step (
    tenant_id text        NOT NULL,
    task_id   uuid        NOT NULL,
    seq       integer     NOT NULL,
    step      text        NOT NULL,
    actor     text        NOT NULL,
    details   jsonb       NOT NULL,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, task_id, seq)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['qa_call', 'qa_event_seen', 'qa_ticket', 'qa_template', 'qa_calibration', 'qa_task',
                             'qa_task_step'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant())'
                       ' WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

REVOKE UPDATE, DELETE, TRUNCATE ON qa_task_step FROM ${appRole};
REVOKE UPDATE, DELETE, TRUNCATE ON qa_template FROM ${appRole};
