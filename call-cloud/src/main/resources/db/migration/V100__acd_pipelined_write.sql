-- One round trip per ACD group commit, and several of them in flight on the writer's connection (pipelining).
--
-- acd_write(...) is the whole write of one batch of decisions as one statement in its own transaction (autocommit):
-- it binds the tenant for row-level security itself (set_config(..., true) lives as long as that transaction, like
-- the tenant guard's), raises the fence and writes the rows. The fence now also holds the writer's batch sequence:
-- a batch is applied only if its token is newer than the fence's, or it is the same writer's very next batch
-- (seq = fence.seq + 1). So a stale writer, a batch arriving out of order, a batch repeated, or any batch after one
-- that failed changes nothing (the function returns false and the writer stops deciding). Nothing is unlogged:
-- every batch is committed before its callers hear back.
ALTER TABLE acd_fence ADD COLUMN seq bigint NOT NULL DEFAULT 0;

CREATE FUNCTION acd_write(
    p_tenant text, p_token bigint, p_holder text, p_seq bigint,
    a_id text[], a_skills text[], a_state text[], a_reason text[], a_call text[], a_until text[], a_since text[],
    a_idle text[],
    c_id text[], c_group text[], c_priority text[], c_queued text[], c_groups text[], c_next text[], c_status text[],
    c_agent text[],
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
                          fencing_token)
    SELECT p_tenant, c::uuid, g, p::int, q::timestamptz, gs, n::int, st, a, p_token
      FROM unnest(c_id, c_group, c_priority, c_queued, c_groups, c_next, c_status, c_agent)
           AS t(c, g, p, q, gs, n, st, a)
    ON CONFLICT (tenant_id, call_id) DO UPDATE SET groups = excluded.groups, next_overflow = excluded.next_overflow,
        status = excluded.status, agent_id = excluded.agent_id, fencing_token = excluded.fencing_token;
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
