package cn.hotline.call.acd;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.r2dbc.TenantGuardConnectionFactory;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/** The real PostgreSQL (cc_call, migrated, as the service role behind the tenant guard) and Redis, for ACD ITs. */
final class AcdServers implements AutoCloseable {

    final StackEndpoints stack = TestStack.endpoints();
    final ConnectionFactory connections;
    final DatabaseClient db;
    final TransactionalOperator tx;
    final LettuceConnectionFactory redisConnections;
    final ReactiveStringRedisTemplate redis;
    final ReactiveRedisMessageListenerContainer listener;

    AcdServers() {
        Flyway.configure()
                .dataSource(stack.jdbcUrl("cc_call"), stack.dbOwner(), stack.dbOwnerPassword())
                .load()
                .migrate();
        connections = TenantGuardConnectionFactory.guard(
                new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                        .host(stack.pgHost())
                        .port(stack.pgPort())
                        .database("cc_call")
                        .username(stack.dbAppUser())
                        .password(stack.dbAppPassword())
                        .build()));
        db = DatabaseClient.create(connections);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(connections));
        redisConnections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(stack.redisHost(), stack.redisPort()));
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new ReactiveStringRedisTemplate(redisConnections);
        listener = new ReactiveRedisMessageListenerContainer(redisConnections);
    }

    /** An ACD facade as one call-cloud instance named {@code instance} has it (not advertised: nobody forwards to it). */
    AcdManagement management(String instance, Duration leaseTtl, Duration tick) {
        return new AcdManagement(
                redis,
                listener,
                WebClient.create(),
                db,
                tx,
                Clock.systemUTC(),
                new AcdProperties(leaseTtl, tick, null, Duration.ZERO, null, instance, null, null, null),
                "not-used");
    }

    AcdStore store() {
        return new AcdStore(db, tx);
    }

    AcdLease lease(Duration ttl) {
        return new AcdLease(redis, ttl);
    }

    static TenantId freshTenant() {
        return TenantId.of("acd-" + Uuids.v7().toString().substring(24));
    }

    @Override
    public void close() {
        listener.destroy();
        redisConnections.destroy();
    }
}
