-- Time limits per tenant and category (R-TKT-4). category '*' is the tenant's default; a category row overrides it,
-- a parent category's row applies to its children. NULL columns inherit; nothing set means the standard limits.
CREATE TABLE sla_policy (
    tenant_id               text        NOT NULL,
    category                text        NOT NULL CHECK (category = '*' OR category ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    receive_minutes         integer CHECK (receive_minutes BETWEEN 1 AND 43200),
    sign_for_urgent_minutes integer CHECK (sign_for_urgent_minutes BETWEEN 1 AND 43200),
    sign_for_normal_minutes integer CHECK (sign_for_normal_minutes BETWEEN 1 AND 43200),
    dispatch_minutes        integer CHECK (dispatch_minutes BETWEEN 1 AND 43200),
    consultation_days       integer CHECK (consultation_days BETWEEN 1 AND 60),
    complaint_days          integer CHECK (complaint_days BETWEEN 1 AND 60),
    other_days              integer CHECK (other_days BETWEEN 1 AND 60),
    yellow_percent          integer CHECK (yellow_percent BETWEEN 1 AND 99),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, category)
);
ALTER TABLE sla_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE sla_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sla_policy
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
