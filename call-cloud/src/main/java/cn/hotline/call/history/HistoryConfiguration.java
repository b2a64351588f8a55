package cn.hotline.call.history;

import java.time.Clock;
import java.util.Objects;
import org.apache.pulsar.client.api.PulsarClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Call records and the call-event relay, both following each tenant's ACD writer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
class HistoryConfiguration {

    @Bean
    CallParties callParties(DatabaseClient db, TransactionalOperator tx) {
        return new CallParties(db, tx);
    }

    @Bean
    CallRecords callRecords(DatabaseClient db, TransactionalOperator tx, HistoryProperties properties) {
        return new CallRecords(db, tx, Objects.requireNonNull(properties.batch()));
    }

    @Bean
    CallEventRelay callEventRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            ObjectProvider<PulsarClient> pulsar,
            HistoryProperties properties) {
        return new CallEventRelay(
                db,
                tx,
                pulsar.getObject(),
                Objects.requireNonNull(properties.topicPattern()),
                Objects.requireNonNull(properties.batch()),
                Clock.systemUTC(),
                Boolean.TRUE.equals(properties.eventsEnabled()));
    }

    @Bean
    CallRecordController callRecordController(DatabaseClient db, TransactionalOperator tx) {
        return new CallRecordController(db, tx);
    }
}
