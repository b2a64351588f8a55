package cn.hotline.call.sip;

import cn.hotline.call.admission.Admission;
import cn.hotline.call.session.CallSessions;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the SIP edge unless {@code cc.call.sip.enabled=false}, and the outbound UAC unless {@code cc.call.outbound.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SipProperties.class, OutboundProperties.class})
class SipConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "cc.call.sip", name = "enabled", havingValue = "true", matchIfMissing = true)
    SipEdge sipEdge(SipProperties properties, Admission admission, CallSessions sessions) {
        return new SipEdge(properties, admission, sessions, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(prefix = "cc.call.outbound", name = "enabled", havingValue = "true", matchIfMissing = true)
    OutboundCalls outboundCalls(OutboundProperties properties, SipProperties sip) {
        return new OutboundCalls(properties, sip);
    }
}
