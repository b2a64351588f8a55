package cn.hotline.call.acd;

import cn.hotline.kernel.security.SecurityProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires the ACD to call-cloud's Redis, PostgreSQL and the other call-cloud instances. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AcdProperties.class)
class AcdConfiguration {

    @Bean
    ReactiveRedisMessageListenerContainer acdNoticeListener(ReactiveRedisConnectionFactory redis) {
        return new ReactiveRedisMessageListenerContainer(redis);
    }

    @Bean(destroyMethod = "close")
    AcdManagement acdManagement(
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer acdNoticeListener,
            DatabaseClient db,
            TransactionalOperator tx,
            AcdProperties properties,
            SecurityProperties security,
            List<AcdFollower> followers) {
        return new AcdManagement(
                redis,
                acdNoticeListener,
                WebClient.create(),
                db,
                tx,
                Clock.systemUTC(),
                properties,
                security.internalTokenValue(),
                followers);
    }

    /** Once the server listens, other instances may forward commands for tenants whose writer runs here. */
    @Bean
    ApplicationListener<ReactiveWebServerInitializedEvent> acdAdvertisement(
            AcdManagement acd, AcdProperties properties) {
        return event -> acd.advertise(
                properties.advertisedUrl() != null
                        ? properties.advertisedUrl()
                        : "http://127.0.0.1:" + event.getWebServer().getPort());
    }
}
