-- SMS (R-SMS-1): per-tenant settings, templates with variables, batches, messages with sealed recipients,
-- delivery receipts and the monthly quota counter. Recipients' numbers are sealed with the kernel's
-- PersonalDataCipher (SM4, bound to the tenant) and found through a keyed blind index; only a masked form is clear.

-- Platform level (no personal data): tenants that use the messaging features (SMS, announcements, training), so
-- that cross-tenant jobs (ticket-reply consumer, delayed announcements, exam time-outs, clean-up) can bind each
-- tenant in turn.
CREATE TABLE messaging_tenant (
    tenant_slug text        NOT NULL PRIMARY KEY CHECK (tenant_slug ~ '^[a-z][a-z0-9-]{1,31}$'),
    since       timestamptz NOT NULL DEFAULT now()
);
REVOKE UPDATE, DELETE, TRUNCATE ON messaging_tenant FROM ${appRole};

CREATE TABLE sms_settings (
    tenant_id          text        NOT NULL PRIMARY KEY,
    provider           text        NOT NULL CHECK (provider IN ('SMPP', 'HTTP')),
    sign_name          text        NOT NULL CHECK (length(sign_name) BETWEEN 1 AND 16),
    http_url           text,
    http_access_key    text,
    -- the cloud provider's signing secret, sealed (SM4, bound to the tenant)
    http_secret_sealed bytea,
    monthly_quota      integer     NOT NULL CHECK (monthly_quota >= 0),
    rate_per_second    integer     NOT NULL CHECK (rate_per_second BETWEEN 1 AND 1000),
    reply_template     uuid,
    updated_at         timestamptz NOT NULL
);
ALTER TABLE sms_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

CREATE TABLE sms_template (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    variables  text[]      NOT NULL,
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
ALTER TABLE sms_template ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_template FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_template
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON sms_template FROM ${appRole};

CREATE TABLE sms_batch (
    tenant_id  text        NOT NULL,
    id         uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    template   uuid        NOT NULL,
    total      integer     NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE sms_batch ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_batch FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_batch
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON sms_batch FROM ${appRole};

CREATE TABLE sms_message (
    tenant_id          text        NOT NULL,
    id                 uuid        NOT NULL PRIMARY KEY,
    batch              uuid,
    template           uuid,
    -- API (one message), BATCH (mass send), TICKET_REPLY (a closed ticket's result)
    source             text        NOT NULL CHECK (source IN ('API', 'BATCH', 'TICKET_REPLY')),
    source_ref         text,
    recipient_sealed   bytea       NOT NULL,
    recipient_index    text        NOT NULL,
    recipient_masked   text        NOT NULL,
    content            text        NOT NULL,
    segments           integer     NOT NULL CHECK (segments >= 1),
    status             text        NOT NULL CHECK (status IN ('QUEUED', 'SUBMITTED', 'DELIVERED', 'FAILED')),
    provider           text        NOT NULL,
    provider_ids       text[]      NOT NULL DEFAULT '{}',
    delivered_segments integer     NOT NULL DEFAULT 0,
    error              text,
    created_at         timestamptz NOT NULL,
    submitted_at       timestamptz,
    done_at            timestamptz
);
CREATE INDEX sms_message_recipient ON sms_message (tenant_id, recipient_index, created_at DESC);
CREATE INDEX sms_message_batch ON sms_message (tenant_id, batch, created_at);
CREATE INDEX sms_message_status ON sms_message (tenant_id, status, created_at DESC);
-- one reply-result SMS per closed ticket, however often the event is delivered
CREATE UNIQUE INDEX sms_message_source_ref ON sms_message (tenant_id, source, source_ref) WHERE source_ref IS NOT NULL;
ALTER TABLE sms_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_message FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_message
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON sms_message FROM ${appRole};

-- one row per receipt of one segment (a repeated receipt changes nothing)
CREATE TABLE sms_receipt (
    tenant_id   text        NOT NULL,
    provider_id text        NOT NULL,
    message     uuid        NOT NULL REFERENCES sms_message (id),
    state       text        NOT NULL,
    error       text,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, provider_id)
);
ALTER TABLE sms_receipt ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_receipt FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_receipt
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
REVOKE DELETE, TRUNCATE ON sms_receipt FROM ${appRole};

-- messages counted against the tenant's monthly quota (month = 'YYYY-MM' in Asia/Shanghai)
CREATE TABLE sms_quota_usage (
    tenant_id text    NOT NULL,
    month     text    NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
    used      integer NOT NULL CHECK (used >= 0),
    PRIMARY KEY (tenant_id, month)
);
ALTER TABLE sms_quota_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_quota_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_quota_usage
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
