package cn.hotline.tenant.quota;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.registry.TenantRegistry;
import cn.hotline.tenant.registry.TenantStatus;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenant quotas (R-TEN-3): the operator sets limits (kept in PostgreSQL, mirrored into the Redis hash
 * {@code t:{tenant}:quota}); services acquire and release amounts atomically with Lua scripts in Redis. An acquire that
 * would exceed the limit changes nothing. Usable in-process (the directory's seat creation) and through the internal
 * API.
 *
 * <p>Redis hash fields: {@code limit:<kind>} and {@code used:<kind>}; the request rate counts in
 * {@code t:{tenant}:quota:rps:<epoch second>} keys that expire after two seconds. When the hash is missing (Redis lost
 * it) the limits are reloaded from PostgreSQL; the counters of concurrent use then start again at zero.
 */
@Component
public class QuotaManagement {

    private static final LuaScript ACQUIRE = LuaScript.of(
            """
            local limit = redis.call('HGET', KEYS[1], 'limit:' .. ARGV[1])
            if not limit then return {-1, 0, 0} end
            limit = tonumber(limit)
            if redis.call('HEXISTS', KEYS[1], 'blocked') == 1 then return {-2, 0, limit} end
            local amount = tonumber(ARGV[2])
            if ARGV[3] == '1' then
              local key = KEYS[2] .. redis.call('TIME')[1]
              local used = tonumber(redis.call('GET', key) or '0')
              if used + amount > limit then return {0, used, limit} end
              used = redis.call('INCRBY', key, amount)
              redis.call('EXPIRE', key, 2)
              return {1, used, limit}
            end
            local used = tonumber(redis.call('HGET', KEYS[1], 'used:' .. ARGV[1]) or '0')
            if used + amount > limit then return {0, used, limit} end
            used = redis.call('HINCRBY', KEYS[1], 'used:' .. ARGV[1], amount)
            return {1, used, limit}
            """);

    private static final LuaScript RELEASE = LuaScript.of(
            """
            local limit = redis.call('HGET', KEYS[1], 'limit:' .. ARGV[1])
            if not limit then return {-1, 0, 0} end
            local used = tonumber(redis.call('HGET', KEYS[1], 'used:' .. ARGV[1]) or '0')
            local amount = math.min(used, tonumber(ARGV[2]))
            used = redis.call('HINCRBY', KEYS[1], 'used:' .. ARGV[1], -amount)
            return {1, used, tonumber(limit)}
            """);

    private static final LuaScript USAGE = LuaScript.of(
            """
            local out = {}
            for i, kind in ipairs(ARGV) do
              local limit = redis.call('HGET', KEYS[1], 'limit:' .. kind)
              if not limit then return {} end
              local used
              if kind == 'API_REQUESTS_PER_SECOND' then
                used = redis.call('GET', KEYS[2] .. redis.call('TIME')[1]) or '0'
              else
                used = redis.call('HGET', KEYS[1], 'used:' .. kind) or '0'
              end
              out[#out + 1] = tonumber(used)
              out[#out + 1] = tonumber(limit)
            end
            return out
            """);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final ReactiveStringRedisTemplate redis;
    private final TenantRegistry registry;

    QuotaManagement(
            DatabaseClient db,
            TransactionalOperator transactions,
            ReactiveStringRedisTemplate redis,
            TenantRegistry registry) {
        this.db = db;
        this.transactions = transactions;
        this.redis = redis;
        this.registry = registry;
    }

    /** The tenant's Redis hash of quota limits and counters. */
    public static String key(TenantId tenant) {
        return tenant.redisPrefix() + "quota";
    }

    /** Sets the limits (PostgreSQL in the caller's transaction, if any, then Redis); counters are kept. */
    public Mono<Void> setLimits(TenantId tenant, TenantQuotas quotas) {
        Mono<Long> store = db.sql(
                        """
                        INSERT INTO tenant_quota (tenant_slug, seats, concurrent_calls, recording_storage_mb,
                                                  api_requests_per_second)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (tenant_slug) DO UPDATE SET seats = $2, concurrent_calls = $3,
                            recording_storage_mb = $4, api_requests_per_second = $5, updated_at = now()""")
                .bind(0, tenant.value())
                .bind(1, quotas.seats())
                .bind(2, quotas.concurrentCalls())
                .bind(3, quotas.recordingStorageMb())
                .bind(4, quotas.apiRequestsPerSecond())
                .fetch()
                .rowsUpdated();
        return platform(transactions.transactional(store)).then(mirror(tenant, quotas));
    }

    /** The limits as the operator set them; empty for an unknown tenant. */
    public Mono<TenantQuotas> limits(TenantId tenant) {
        return platform(transactions.transactional(db.sql("SELECT seats, concurrent_calls, recording_storage_mb,"
                        + " api_requests_per_second FROM tenant_quota WHERE tenant_slug = $1")
                .bind(0, tenant.value())
                .map(QuotaManagement::quotas)
                .one()));
    }

    /** Current use of every quota; empty for an unknown tenant. */
    public Flux<QuotaUsage> usage(TenantId tenant) {
        List<String> kinds = new ArrayList<>();
        for (QuotaKind kind : QuotaKind.values()) {
            kinds.add(kind.name());
        }
        return withReload(tenant, () -> redis.execute(USAGE, List.of(key(tenant), rateKeyPrefix(tenant)), kinds)
                        .next()
                        .filter(values -> !values.isEmpty()))
                .flatMapMany(values -> {
                    List<QuotaUsage> usage = new ArrayList<>();
                    QuotaKind[] all = QuotaKind.values();
                    for (int i = 0; i < all.length; i++) {
                        usage.add(new QuotaUsage(all[i], number(values.get(2 * i)), number(values.get(2 * i + 1))));
                    }
                    return Flux.fromIterable(usage);
                });
    }

    /**
     * Takes {@code amount} of the quota if that stays within the limit; an {@link QuotaDecision.Exceeded} changed
     * nothing. Fails with {@code NOT_FOUND} for a tenant without quotas.
     */
    public Mono<QuotaDecision> acquire(TenantId tenant, QuotaKind kind, long amount) {
        requirePositive(amount);
        return withReload(tenant, () -> redis.execute(
                                ACQUIRE,
                                List.of(key(tenant), rateKeyPrefix(tenant)),
                                List.of(
                                        kind.name(),
                                        Long.toString(amount),
                                        kind == QuotaKind.API_REQUESTS_PER_SECOND ? "1" : "0"))
                        .next()
                        .filter(values -> number(values.get(0)) != -1))
                .map(values -> {
                    QuotaUsage usage = new QuotaUsage(kind, number(values.get(1)), number(values.get(2)));
                    long outcome = number(values.get(0));
                    return outcome == 1
                            ? new QuotaDecision.Granted(usage)
                            : outcome == -2
                                    ? new QuotaDecision.Blocked(usage)
                                    : new QuotaDecision.Exceeded(usage, amount);
                });
    }

    /** Like {@link #acquire}, failing with the problem {@code TENANT_QUOTA_EXCEEDED} when the quota would overflow. */
    public Mono<QuotaUsage> acquireOrFail(TenantId tenant, QuotaKind kind, long amount) {
        return acquire(tenant, kind, amount).map(decision -> switch (decision) {
            case QuotaDecision.Granted granted -> granted.usage();
            case QuotaDecision.Exceeded exceeded -> throw exceeded(tenant, exceeded);
            case QuotaDecision.Blocked blocked ->
                throw new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION,
                        "Tenant " + tenant + " is suspended or deactivated and may not take more of its quotas.",
                        Map.of("tenant", tenant.value(), "quota", kind.segment()));
        });
    }

    /** Gives back {@code amount} (never below zero). Rates cannot be released. */
    public Mono<QuotaUsage> release(TenantId tenant, QuotaKind kind, long amount) {
        requirePositive(amount);
        if (kind == QuotaKind.API_REQUESTS_PER_SECOND) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "A request rate is not held, so it cannot be released."));
        }
        return withReload(tenant, () -> redis.execute(
                                RELEASE, List.of(key(tenant)), List.of(kind.name(), Long.toString(amount)))
                        .next()
                        .filter(values -> number(values.get(0)) >= 0))
                .map(values -> new QuotaUsage(kind, number(values.get(1)), number(values.get(2))));
    }

    public static ProblemException exceeded(TenantId tenant, QuotaDecision.Exceeded exceeded) {
        QuotaUsage usage = exceeded.usage();
        Map<String, Object> properties = new HashMap<>();
        properties.put("tenant", tenant.value());
        properties.put("quota", usage.kind().segment());
        properties.put("limit", usage.limit());
        properties.put("used", usage.used());
        properties.put("requested", exceeded.requested());
        return new ProblemException(
                ProblemCode.TENANT_QUOTA_EXCEEDED,
                "Tenant " + tenant + " may use " + usage.limit() + " of "
                        + usage.kind().segment() + "; "
                        + usage.used() + " in use, " + exceeded.requested()
                        + " more requested. Release some or ask the operator to raise the quota.",
                properties);
    }

    private Mono<List> withReload(TenantId tenant, java.util.function.Supplier<Mono<List>> script) {
        return script.get().switchIfEmpty(Mono.defer(() -> limits(tenant)
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "Tenant " + tenant + " has no quotas.")))
                .flatMap(quotas -> mirror(tenant, quotas))
                .then(registry.find(tenant))
                .flatMap(found -> found.status() == TenantStatus.SUSPENDED || found.status() == TenantStatus.DEACTIVATED
                        ? block(tenant)
                        : Mono.empty())
                .then(script.get())));
    }

    /**
     * Refuses further acquires for the tenant (suspended or deactivated); releases still work, so calls in progress
     * can end. Kept in the Redis hash as the field {@code blocked}; restored from the registry on reload.
     */
    public Mono<Void> block(TenantId tenant) {
        return redis.opsForHash().put(key(tenant), "blocked", "1").then();
    }

    /** Lets the tenant acquire again (reactivated). */
    public Mono<Void> unblock(TenantId tenant) {
        return redis.opsForHash().remove(key(tenant), "blocked").then();
    }

    private Mono<Void> mirror(TenantId tenant, TenantQuotas quotas) {
        Map<String, String> limits = new HashMap<>();
        quotas.asMap().forEach((kind, limit) -> limits.put("limit:" + kind.name(), Long.toString(limit)));
        return redis.opsForHash().putAll(key(tenant), limits).then();
    }

    private static String rateKeyPrefix(TenantId tenant) {
        return key(tenant) + ":rps:";
    }

    private static void requirePositive(long amount) {
        if (amount < 1 || amount > 1_000_000_000L) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "The amount must be between 1 and 10^9.");
        }
    }

    private static long number(Object value) {
        return ((Number) Objects.requireNonNull(value)).longValue();
    }

    private static TenantQuotas quotas(Readable row) {
        return new TenantQuotas(
                Objects.requireNonNull(row.get("seats", Integer.class)),
                Objects.requireNonNull(row.get("concurrent_calls", Integer.class)),
                Objects.requireNonNull(row.get("recording_storage_mb", Long.class)),
                Objects.requireNonNull(row.get("api_requests_per_second", Integer.class)));
    }

    private static <T> Mono<T> platform(Mono<T> work) {
        return work.contextWrite(context -> context.hasKey(Tenancy.CONTEXT_KEY)
                ? context
                : context.put(Tenancy.CONTEXT_KEY, TenantContext.platform("tenant quotas")));
    }
}
