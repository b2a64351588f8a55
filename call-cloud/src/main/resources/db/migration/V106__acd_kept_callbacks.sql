-- Kept callbacks are told apart in the ACD (a caller who hung up at the wait limit to be called back keeps its
-- place): acd_call.kept survives a change of writer, and acd_write takes it as one more parallel array (c_kept).
ALTER TABLE acd_call ADD COLUMN kept boolean NOT NULL DEFAULT false;

DROP FUNCTION acd_write(text, bigint, text, bigint, text[], text[], text[], text[], text[], text[], text[], text[],
    text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]);

CREATE FUNCTION acd_write(
    p_tenant text, p_token bigint, p_holder text, p_seq bigint,
    a_id text[], a_skills text[], a_state text[], a_reason text[], a_call text[], a_until text[], a_since text[],
    a_idle text[],
    c_id text[], c_group text[], c_priority text[], c_queued text[], c_groups text[], c_next text[], c_status text[],
    c_agent text[], c_kept text[],
    ended text[],
    d_kind text[], d_call text[], d_agent text[], d_detail text[], d_at text[]) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant, true);
    PERFORM set_config('app.scope_unit', '', true);
    INSERT INTO acd_fence (tenant_id, token, holder, seq, updated_at) VALUES (p_tenant, p_token, p_holder, p_seq, now())
    ON CONFLICT (tenant_id) DO UPDATE SET token = excluded.token, holder = excluded.holder, seq = excluded.seq,
        updated_at = now()
     WHERE acd_fence.token < excluded.token
        OR (acd_fence.token = excluded.token AND acd_fence.seq = excluded.seq - 1);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO acd_agent (tenant_id, agent_id, skills, state, reason, call_id, until_at, state_since, idle_since,
                           fencing_token)
    SELECT p_tenant, a, sk, st, r, c::uuid, u::timestamptz, ss::timestamptz, i::timestamptz, p_token
      FROM unnest(a_id, a_skills, a_state, a_reason, a_call, a_until, a_since, a_idle) AS t(a, sk, st, r, c, u, ss, i)
    ON CONFLICT (tenant_id, agent_id) DO UPDATE SET skills = excluded.skills, state = excluded.state,
        reason = excluded.reason, call_id = excluded.call_id, until_at = excluded.until_at,
        state_since = excluded.state_since, idle_since = excluded.idle_since, fencing_token = excluded.fencing_token;
    INSERT INTO acd_call (tenant_id, call_id, skill_group, priority, queued_at, groups, next_overflow, status, agent_id,
                          kept, fencing_token)
    SELECT p_tenant, c::uuid, g, p::int, q::timestamptz, gs, n::int, st, a, k::boolean, p_token
      FROM unnest(c_id, c_group, c_priority, c_queued, c_groups, c_next, c_status, c_agent, c_kept)
           AS t(c, g, p, q, gs, n, st, a, k)
    ON CONFLICT (tenant_id, call_id) DO UPDATE SET groups = excluded.groups, next_overflow = excluded.next_overflow,
        status = excluded.status, agent_id = excluded.agent_id, kept = excluded.kept,
        fencing_token = excluded.fencing_token;
    IF cardinality(ended) > 0 THEN
        DELETE FROM acd_call WHERE tenant_id = p_tenant AND call_id = ANY(ended::uuid[]);
    END IF;
    INSERT INTO acd_decision (tenant_id, fencing_token, kind, call_id, agent_id, detail, at)
    SELECT p_tenant, p_token, k, c::uuid, a, d, t::timestamptz
      FROM unnest(d_kind, d_call, d_agent, d_detail, d_at) WITH ORDINALITY AS x(k, c, a, d, t, o)
     ORDER BY o;
    RETURN true;
END
$$;
