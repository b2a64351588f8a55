package cn.hotline.kernel.diagnostics;

import java.time.Duration;
import java.util.List;
import org.apache.pulsar.client.api.PulsarClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /diagnostics} on every reactive service: runs each {@link DiagnosticCheck} bean for
 * real. Checks for PostgreSQL, Redis and Pulsar are registered here when the service uses them;
 * other modules (media: storage and media server) contribute their own beans.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.pulsar.autoconfigure.PulsarAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class DiagnosticsAutoConfiguration {

    @Bean
    RouterFunction<ServerResponse> diagnosticsRoute(ObjectProvider<DiagnosticCheck> checks, Environment environment) {
        List<DiagnosticCheck> all = checks.orderedStream().toList();
        Diagnostics diagnostics = new Diagnostics(
                environment.getProperty("spring.application.name", "service"), all, Duration.ofSeconds(15));
        return RouterFunctions.route()
                .GET("/diagnostics", request -> diagnostics.run().flatMap(report -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(report)))
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DatabaseClient.class)
    @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
    static class PostgresChecks {
        @Bean
        DiagnosticCheck postgresCheck(DatabaseClient database, ReactiveTransactionManager transactions) {
            return new PostgresCheck(database, TransactionalOperator.create(transactions));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveStringRedisTemplate.class)
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    static class RedisChecks {
        @Bean
        DiagnosticCheck redisCheck(ReactiveStringRedisTemplate redis) {
            return new RedisCheck(redis);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(PulsarClient.class)
    @ConditionalOnBean(PulsarClient.class)
    static class PulsarChecks {
        @Bean
        DiagnosticCheck pulsarCheck(PulsarClient client) {
            return new PulsarCheck(client);
        }
    }
}
