-- The must-call-back work list (必须回拨): calls the centre owes a call back — abandoned in the queue, refused because
-- the queue was full, or a callback the caller asked for. Filled from acd_decision by a follower of the tenant's
-- writer (cursor missed_upto), one task per call at most; agents claim and complete tasks with an outcome.
ALTER TABLE call_event_cursor ADD COLUMN missed_upto bigint NOT NULL DEFAULT 0;

CREATE TABLE callback_task (
    tenant_id     text        NOT NULL,
    id            uuid        NOT NULL,
    call_id       uuid        NOT NULL,
    reason        text        NOT NULL,   -- ABANDONED, SHORT_ABANDONED, QUEUE_FULL, REQUESTED
    skill_group   text,
    arrived_at    timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    status        text        NOT NULL,   -- OPEN, CLAIMED, DONE
    claimed_by    text,
    claimed_at    timestamptz,
    attempts      int         NOT NULL DEFAULT 0,
    outcome       text,                   -- REACHED, NO_ANSWER, BUSY, WRONG_NUMBER, NOT_NEEDED
    note          text,
    done_at       timestamptz,
    version       int         NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, call_id)
);
CREATE INDEX callback_task_open ON callback_task (tenant_id, status, due_at);

ALTER TABLE callback_task ENABLE ROW LEVEL SECURITY;
ALTER TABLE callback_task FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON callback_task
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
