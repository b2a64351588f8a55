package cn.hotline.call.callback;

import cn.hotline.call.history.HistoryProperties;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The must-call-back list: filled beside each tenant's ACD writer, worked through its API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
class CallbackConfiguration {

    @Bean
    MissedCalls missedCalls(DatabaseClient db, CallbackProperties properties, HistoryProperties history) {
        return new MissedCalls(db, transactions(db), properties, Objects.requireNonNull(history.batch()));
    }

    @Bean
    CallbackController callbackController(DatabaseClient db, CallbackProperties properties) {
        return new CallbackController(db, transactions(db), properties);
    }

    private static TransactionalOperator transactions(DatabaseClient db) {
        return TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
    }
}
