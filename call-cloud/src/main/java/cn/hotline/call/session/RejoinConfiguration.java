package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Agents rejoining their call after a dropped socket ({@link AgentRejoin}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RejoinProperties.class)
class RejoinConfiguration {

    @Bean(destroyMethod = "stop")
    AgentRejoin agentRejoin(CallSessions calls, AcdManagement acd, RejoinProperties properties) {
        return new AgentRejoin(calls, acd, properties, Clock.systemUTC());
    }
}
