package cn.hotline.workforce.events;

import java.util.List;
import org.apache.pulsar.client.api.PulsarClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one consumer of the tenants' topics, feeding every sink the features declare. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration {

    @Bean
    TenantTopicsConsumer tenantTopicsConsumer(
            PulsarClient pulsar,
            EventsProperties properties,
            List<CallEventSink> callSinks,
            List<TicketEventSink> ticketSinks,
            List<CallRecordedSink> recordedSinks) {
        return new TenantTopicsConsumer(pulsar, properties, callSinks, ticketSinks, recordedSinks);
    }
}
