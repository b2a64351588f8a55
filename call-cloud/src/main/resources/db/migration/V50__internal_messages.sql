-- Internal messages (坐席内部消息): agent to agent, supervisor to agent, to a skill group or to the whole tenant.
-- Kept per tenant; read marks are per reader, so a message to a group or to all is read by each person separately.
CREATE TABLE internal_message (
    tenant_id       text        NOT NULL,
    id              uuid        NOT NULL,   -- UUIDv7: ordered by time, the history's paging key
    sender          text        NOT NULL,   -- user id
    sender_name     text,
    recipient_kind  text        NOT NULL,   -- AGENT, GROUP, ALL
    recipient       text,                   -- user id (AGENT), skill group (GROUP), null (ALL)
    body            text        NOT NULL,
    sent_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (recipient_kind IN ('AGENT', 'GROUP', 'ALL')),
    CHECK ((recipient_kind = 'ALL') = (recipient IS NULL))
);
CREATE INDEX internal_message_to ON internal_message (tenant_id, recipient_kind, recipient, id);
CREATE INDEX internal_message_from ON internal_message (tenant_id, sender, id);

CREATE TABLE internal_message_read (
    tenant_id   text        NOT NULL,
    message_id  uuid        NOT NULL,
    reader      text        NOT NULL,
    read_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, message_id, reader),
    FOREIGN KEY (tenant_id, message_id) REFERENCES internal_message (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE internal_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE internal_message FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON internal_message
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

ALTER TABLE internal_message_read ENABLE ROW LEVEL SECURITY;
ALTER TABLE internal_message_read FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON internal_message_read
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
