-- Transfers, consultations, an agent's key presses and the post-call survey on the call detail record, folded from the
-- ACD's decisions like the rest of call_record (call_record keeps its forced RLS policy from V30).
ALTER TABLE call_record
    ADD COLUMN transfers      int  NOT NULL DEFAULT 0,  -- blind transfers and completed consultations
    ADD COLUMN transferred_to text,                     -- the newest: 'agent <id>' or 'group <code>'
    ADD COLUMN transferred_by text,                     -- the agent who transferred it last
    ADD COLUMN consults       int  NOT NULL DEFAULT 0,
    ADD COLUMN consult_result text,                     -- the newest consultation's outcome: COMPLETED, CANCELLED ...
    ADD COLUMN dtmf_sent      text,                     -- every key an agent sent to the caller, in order
    ADD COLUMN survey_score   int,
    ADD COLUMN survey_at      timestamptz;
