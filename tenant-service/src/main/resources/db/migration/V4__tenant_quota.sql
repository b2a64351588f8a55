-- Quota limits per tenant (R-TEN-3), set by the operator. Platform level: the operator manages them and
-- every service consumes them through tenant-service's API; the counters live in Redis (t:{tenant}:quota),
-- which is reloaded from here when its key is missing.
CREATE TABLE tenant_quota (
    tenant_slug              text PRIMARY KEY REFERENCES tenant (slug),
    seats                    integer NOT NULL CHECK (seats >= 0),
    concurrent_calls         integer NOT NULL CHECK (concurrent_calls >= 0),
    recording_storage_mb     bigint  NOT NULL CHECK (recording_storage_mb >= 0),
    api_requests_per_second  integer NOT NULL CHECK (api_requests_per_second >= 0),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
