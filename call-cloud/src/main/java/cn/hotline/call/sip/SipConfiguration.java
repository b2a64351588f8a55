package cn.hotline.call.sip;

import cn.hotline.call.admission.Admission;
import cn.hotline.call.session.CallSessions;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the SIP edge unless {@code cc.call.sip.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SipProperties.class)
class SipConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "cc.call.sip", name = "enabled", havingValue = "true", matchIfMissing = true)
    SipEdge sipEdge(SipProperties properties, Admission admission, CallSessions sessions) {
        return new SipEdge(properties, admission, sessions, Clock.systemUTC());
    }
}
