-- Three-way calls on the call detail record: when the caller was first joined to a consulting agent and the agent it
-- consulted (decision ConferenceStarted), folded from the ACD's decisions like the rest of call_record (call_record
-- keeps its forced RLS policy from V30).
ALTER TABLE call_record
    ADD COLUMN conferenced_at timestamptz;
