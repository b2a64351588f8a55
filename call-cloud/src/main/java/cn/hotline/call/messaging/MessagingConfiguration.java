package cn.hotline.call.messaging;

import cn.hotline.call.acd.AcdManagement;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** Internal messages: stored in call-cloud's PostgreSQL, delivered over Redis pub/sub to the sockets. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Messaging messaging(
            DatabaseClient db,
            TransactionalOperator tx,
            AcdManagement acd,
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer listener,
            JsonMapper json,
            MeterRegistry meters) {
        return new Messaging(db, tx, acd, new MessageBroadcast(redis, listener, json, meters), Clock.systemUTC());
    }

    @Bean
    MessageFrames messageFrames(Messaging messaging, JsonMapper json) {
        return new MessageFrames(messaging, json);
    }

    @Bean
    MessageController messageController(Messaging messaging) {
        return new MessageController(messaging);
    }
}
