-- Append-only, hash-chained audit log. One chain per tenant (chain = tenant slug) and one for the platform
-- (chain = 'platform'). Each entry's hash covers its fields and the previous entry's hash in the same chain,
-- so changing or removing an entry in the middle breaks every later link.
--
-- Platform level (no tenant_id, no RLS): the operator writes entries about tenants (provisioning, suspension,
-- support grants) and reads every chain; tenant admins read their own chain through an API that takes the chain
-- from the caller's bound tenant, never from the request.
CREATE TABLE audit_entry (
    chain      text NOT NULL,
    seq        bigint NOT NULL CHECK (seq >= 1),
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action ~ '^[a-z][a-z0-9._-]{0,99}$'),
    target     text NOT NULL,
    detail     jsonb NOT NULL DEFAULT '{}',
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- The hash of one entry: SHA-256 over the previous hash and a canonical text of the fields
-- (time as microseconds since the epoch, detail as jsonb's normalised text).
CREATE FUNCTION audit_hash(prev bytea, chain text, seq bigint, at timestamptz, actor text, action text,
                           target text, detail jsonb) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT sha256(prev || convert_to(
             concat_ws(chr(31), chain, seq::text, (extract(epoch FROM at) * 1000000)::bigint::text,
                       actor, action, target, detail::text), 'UTF8')) $$;

CREATE FUNCTION audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The service role may only add and read entries.
REVOKE ALL ON audit_entry FROM ${appRole};
GRANT SELECT, INSERT ON audit_entry TO ${appRole};
