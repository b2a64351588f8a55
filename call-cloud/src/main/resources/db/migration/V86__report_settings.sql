-- A tenant's own way of counting short abandons in its call reports (settings API); without a row the platform
-- defaults (cc.call.report.short-abandon, short-abandons) apply. A request parameter still wins for that request.
CREATE TABLE report_settings (
    tenant_id              text        PRIMARY KEY,
    short_abandon_seconds  int         NOT NULL CHECK (short_abandon_seconds BETWEEN 0 AND 60),
    short_abandons         text        NOT NULL CHECK (short_abandons IN ('EXCLUDE', 'INCLUDE')),
    updated_by             text        NOT NULL,
    updated_at             timestamptz NOT NULL
);

ALTER TABLE report_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- After-call work in AHT: the report pairs a call's end with its agent's state change into after-call work at the
-- same instant and the agent's next state change; this index keeps that lookup off a scan of all decisions.
CREATE INDEX acd_decision_agent_states ON acd_decision (tenant_id, at) WHERE kind = 'AgentStateChanged';
