package cn.hotline.call.outbound;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Outbound call records: the log the call-control features write, the API supervisors read. */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

    @Bean
    OutboundCallLog outboundCallLog(DatabaseClient db, TransactionalOperator tx) {
        return new OutboundCallLog(db, tx);
    }

    @Bean(destroyMethod = "close")
    OutboundEvents outboundEvents(
            org.springframework.beans.factory.ObjectProvider<org.apache.pulsar.client.api.PulsarClient> pulsar,
            cn.hotline.call.history.HistoryProperties history) {
        return new OutboundEvents(pulsar.getObject(), java.util.Objects.requireNonNull(history.topicPattern()));
    }

    @Bean
    OutboundCallController outboundCallController(DatabaseClient db, TransactionalOperator tx) {
        return new OutboundCallController(db, tx);
    }
}
