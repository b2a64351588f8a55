package cn.hotline.call.ivr;

import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.kernel.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires IVR trees to PostgreSQL and the prompt library, and the calendar client to tenant-service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IvrProperties.class)
class IvrConfiguration {

    @Bean
    IvrManagement ivrManagement(DatabaseClient db, TransactionalOperator tx, PromptLibrary prompts, JsonMapper json) {
        return new IvrManagement(db, tx, prompts, json, Clock.systemUTC());
    }

    @Bean
    TenantCalendars tenantCalendars(IvrProperties properties, SecurityProperties security) {
        return new TenantServiceCalendars(
                WebClient.create(Objects.requireNonNull(properties.url()).toString()),
                security.internalTokenValue(),
                Objects.requireNonNullElse(properties.calendarTtl(), Duration.ofMinutes(5)),
                Objects.requireNonNullElse(properties.timeout(), Duration.ofSeconds(2)));
    }
}
