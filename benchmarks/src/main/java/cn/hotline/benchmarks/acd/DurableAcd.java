package cn.hotline.benchmarks.acd;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.AcdProperties;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.r2dbc.TenantGuardConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * The ACD as call-cloud runs it: {@link AcdManagement} with the tenant's writer holding its Redis lease and
 * persisting every decision (agent and call rows, decision history) to PostgreSQL under its fencing token before it
 * answers, with group commit across the commands in flight.
 */
final class DurableAcd {

    private DurableAcd() {}

    /** The benchmarks' class loader, except that {@code db/migration} resolves only inside call-cloud's jar. */
    private static ClassLoader callCloudMigrations() {
        String jar = AcdManagement.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString();
        return new ClassLoader(DurableAcd.class.getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                java.util.List<java.net.URL> found = java.util.Collections.list(super.getResources(name));
                if (name.startsWith("db/migration")) {
                    found.removeIf(url -> !url.toString().contains(jar));
                }
                return java.util.Collections.enumeration(found);
            }
        };
    }

    static AcdDecisionBenchmark.Measured run(
            Properties stack, List<List<AgentSkill>> skills, int skillCount, double seconds, int inFlight, int depth) {
        String host = stack.getProperty("CC_PG_HOST");
        int port = Integer.parseInt(stack.getProperty("CC_PG_PORT"));
        // Only call-cloud's migrations: other services on the benchmarks' classpath (ticket-service) have their own
        // db/migration with the same version numbers.
        Flyway.configure(callCloudMigrations())
                .dataSource(
                        "jdbc:postgresql://" + host + ":" + port + "/cc_call",
                        stack.getProperty("CC_DB_OWNER"),
                        stack.getProperty("CC_DB_OWNER_PASSWORD"))
                .load()
                .migrate();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(
                        new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                                .host(host)
                                .port(port)
                                .database("cc_call")
                                .username(stack.getProperty("CC_DB_APP_USER"))
                                .password(stack.getProperty("CC_DB_APP_PASSWORD"))
                                .build()))
                .initialSize(2)
                .maxSize(4)
                .build());
        ConnectionFactory connections = TenantGuardConnectionFactory.guard(pool);
        LettuceConnectionFactory redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                stack.getProperty("CC_REDIS_HOST"), Integer.parseInt(stack.getProperty("CC_REDIS_PORT"))));
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        try {
            AcdManagement acd = new AcdManagement(
                    new ReactiveStringRedisTemplate(redisConnections),
                    new ReactiveRedisMessageListenerContainer(redisConnections),
                    WebClient.create(),
                    DatabaseClient.create(connections),
                    TransactionalOperator.create(new R2dbcTransactionManager(connections)),
                    Clock.systemUTC(),
                    new AcdProperties(
                            Duration.ofSeconds(30),
                            Duration.ofMillis(200),
                            null,
                            Duration.ZERO,
                            10_000,
                            "benchmark",
                            null,
                            null,
                            null,
                            depth),
                    "not-forwarded");
            TenantId tenant = TenantId.of("bench-" + Long.toHexString(System.nanoTime()));
            Flux.range(0, skills.size())
                    .concatMap(a -> {
                        AgentId id = AgentId.of("agent-" + a);
                        return acd.enrol(tenant, id, skills.get(a))
                                .then(acd.signIn(tenant, id))
                                .then(acd.ready(tenant, id));
                    })
                    .blockLast(Duration.ofMinutes(2));
            long[] latencies = new long[1 << 20];
            AtomicInteger sampled = new AtomicInteger();
            AtomicLong decisions = new AtomicLong();
            AtomicLong sequence = new AtomicLong();
            SplittableRandom seeds = new SplittableRandom(7);
            long started = System.nanoTime();
            long until = started + (long) (seconds * 1e9);
            Flux.<Integer>generate(sink -> sink.next(0))
                    .takeWhile(i -> System.nanoTime() < until)
                    .flatMap(
                            i -> {
                                CallId call = new CallId(new UUID(0xd0L, sequence.incrementAndGet()));
                                SkillId group;
                                synchronized (seeds) {
                                    group = SkillId.of("skill-" + seeds.nextInt(skillCount));
                                }
                                long before = System.nanoTime();
                                return acd.callArrived(tenant, call, group, 0).flatMap(routing -> {
                                    long after = System.nanoTime();
                                    latencies[sampled.getAndIncrement() & (latencies.length - 1)] = after - before;
                                    if (routing instanceof CallRouting.Offered offered) {
                                        decisions.incrementAndGet();
                                        return acd.answer(tenant, offered.agent(), call)
                                                .then(acd.hangUp(tenant, call))
                                                .then();
                                    }
                                    return acd.abandon(tenant, call).then();
                                });
                            },
                            inFlight)
                    .blockLast(Duration.ofSeconds((long) seconds + 60));
            double elapsed = (System.nanoTime() - started) / 1e9;
            acd.stop().block(Duration.ofSeconds(10));
            return new AcdDecisionBenchmark.Measured(
                    "ACD writer, persisted to PostgreSQL (" + inFlight + " calls in flight, pipeline depth " + depth
                            + ")",
                    decisions.get(),
                    elapsed,
                    Arrays.copyOf(latencies, Math.min(sampled.get(), latencies.length)));
        } finally {
            redisConnections.destroy();
            pool.dispose();
        }
    }
}
