package cn.hotline.call.acd;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the ACD to call-cloud's Redis and PostgreSQL. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AcdProperties.class)
class AcdConfiguration {

    @Bean(destroyMethod = "")
    AcdManagement acdManagement(ReactiveStringRedisTemplate redis, DatabaseClient db, AcdProperties properties) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        return new AcdManagement(redis, db, tx, Clock.systemUTC(), properties);
    }
}
