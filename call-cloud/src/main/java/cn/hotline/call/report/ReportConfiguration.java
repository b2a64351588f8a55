package cn.hotline.call.report;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Call reports over call-cloud's own tables. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
class ReportConfiguration {

    @Bean
    ReportSettingsStore reportSettingsStore(DatabaseClient db, TransactionalOperator tx, ReportProperties properties) {
        return new ReportSettingsStore(db, tx, properties);
    }

    @Bean
    ReportSettingsController reportSettingsController(ReportSettingsStore store) {
        return new ReportSettingsController(store);
    }

    @Bean
    CallReportController callReportController(
            DatabaseClient db, TransactionalOperator tx, ReportProperties properties, ReportSettingsStore settings) {
        return new CallReportController(
                new TrafficReport(db, tx),
                new AgentStateReport(db, tx),
                new CallbackReport(db, tx),
                new MissedCallReport(db, tx),
                properties,
                settings,
                Clock.systemUTC());
    }
}
