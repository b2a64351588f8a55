package cn.hotline.call.callback;

import cn.hotline.call.history.HistoryProperties;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The must-call-back list: filled beside each tenant's ACD writer, worked through its API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
class CallbackConfiguration {

    @Bean
    MissedCalls missedCalls(
            DatabaseClient db, TransactionalOperator tx, CallbackProperties properties, HistoryProperties history) {
        return new MissedCalls(db, tx, properties, Objects.requireNonNull(history.batch()));
    }

    @Bean
    CallbackTasks callbackTasks(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties) {
        return new CallbackTasks(db, tx, properties, java.time.Clock.systemUTC());
    }

    @Bean
    CallbackController callbackController(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties) {
        return new CallbackController(db, tx, properties);
    }
}
