package cn.hotline.call.routing;

import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.ivr.TenantCalendars;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** Wires routing (and so the {@link CallRouter} the SIP side uses) to PostgreSQL, the IVR trees and the calendars. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RoutingManagement routingManagement(
            DatabaseClient db,
            TransactionalOperator tx,
            IvrManagement ivr,
            TenantCalendars calendars,
            JsonMapper json) {
        return new RoutingManagement(db, tx, ivr, calendars, json, Clock.systemUTC());
    }
}
