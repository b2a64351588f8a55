-- private_key_jwt assertions already used (replay protection), kept until they expire.
create table used_client_assertion (
    assertion_hash char(64)    not null primary key,
    expires_at     timestamptz not null
);

create index used_client_assertion_expiry on used_client_assertion (expires_at);
