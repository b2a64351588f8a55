-- Where provisioning of each tenant stands, one row per step (platform level: no tenant_id, no RLS).
-- A retry runs the steps that have not SUCCEEDED, in step_order.
CREATE TABLE provisioning_step (
    tenant_slug  text NOT NULL REFERENCES tenant (slug),
    step         text NOT NULL CHECK (step ~ '^[a-z][a-z0-9.-]{0,99}$'),
    step_order   integer NOT NULL,
    status       text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    started_at   timestamptz,
    finished_at  timestamptz,
    PRIMARY KEY (tenant_slug, step)
);
