package cn.hotline.call.admission;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The per-call concurrent-call quota against the real Redis. */
@RealServers
class CallQuotaIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LettuceConnectionFactory connections;
    private static ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        StackEndpoints stack = TestStack.endpoints();
        connections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(stack.redisHost(), stack.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    private static TenantId tenant(String limit) {
        TenantId tenant = TenantId.of("quota-" + Uuids.v7().toString().substring(24));
        redis.opsForHash()
                .put(tenant.redisPrefix() + "quota", "limit:CONCURRENT_CALLS", limit)
                .block(WAIT);
        return tenant;
    }

    private static long outcome(CallQuota quota, TenantId tenant, CallId call) {
        return quota.acquire(tenant, call).block(WAIT).outcome();
    }

    @Test
    void countsCallsUpToTheLimitAndFreesAPlaceOnRelease() {
        CallQuota quota = new CallQuota(redis, Duration.ofSeconds(60));
        TenantId tenant = tenant("2");
        CallId first = CallId.random();
        CallId second = CallId.random();

        assertThat(outcome(quota, tenant, first)).isEqualTo(CallQuota.GRANTED);
        assertThat(outcome(quota, tenant, second)).isEqualTo(CallQuota.GRANTED);
        CallQuota.Acquisition third = quota.acquire(tenant, CallId.random()).block(WAIT);
        assertThat(third.outcome()).isEqualTo(CallQuota.EXCEEDED);
        assertThat(third.used()).isEqualTo(2);
        assertThat(third.limit()).isEqualTo(2);
        assertThat(outcome(quota, tenant, first))
                .as("the same call again is no second call")
                .isEqualTo(1L);

        quota.release(tenant, first).block(WAIT);
        assertThat(outcome(quota, tenant, CallId.random())).isEqualTo(CallQuota.GRANTED);
    }

    @Test
    void callsOfACrashedInstanceStopCountingAfterTheirTtlWhileRenewedOnesStay() throws Exception {
        CallQuota crashed = new CallQuota(redis, Duration.ofSeconds(3));
        TenantId tenant = tenant("2");
        CallId lost = CallId.random();
        CallId alive = CallId.random();
        assertThat(outcome(crashed, tenant, lost)).isEqualTo(CallQuota.GRANTED);
        assertThat(outcome(crashed, tenant, alive)).isEqualTo(CallQuota.GRANTED);
        assertThat(outcome(crashed, tenant, CallId.random())).isEqualTo(CallQuota.EXCEEDED);

        // the surviving instance renews its call; nobody renews the crashed instance's call
        for (int i = 0; i < 4; i++) {
            Thread.sleep(1_000);
            assertThat(crashed.renew(tenant, alive).block(WAIT)).isTrue();
        }

        assertThat(crashed.renew(tenant, lost).block(WAIT))
                .as("the lost call has expired")
                .isFalse();
        assertThat(outcome(crashed, tenant, CallId.random())).isEqualTo(CallQuota.GRANTED);
        assertThat(outcome(crashed, tenant, CallId.random()))
                .as("the renewed call still counts")
                .isEqualTo(CallQuota.EXCEEDED);
    }

    @Test
    void aTenantWithoutALimitOrBlockedByTenantServiceTakesNoCalls() {
        CallQuota quota = new CallQuota(redis, Duration.ofSeconds(60));
        TenantId unknown = TenantId.of("quota-" + Uuids.v7().toString().substring(24));
        assertThat(outcome(quota, unknown, CallId.random())).isEqualTo(CallQuota.NO_LIMIT);

        TenantId blocked = tenant("10");
        redis.opsForHash()
                .put(blocked.redisPrefix() + "quota", "blocked", "SUSPENDED")
                .block(WAIT);
        assertThat(outcome(quota, blocked, CallId.random())).isEqualTo(CallQuota.BLOCKED);
    }
}
