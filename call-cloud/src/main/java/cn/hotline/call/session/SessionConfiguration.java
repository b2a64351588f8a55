package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.admission.Admission;
import cn.hotline.media.port.MediaServer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Wires live calls to the media server (if an adapter is present), the ACD, admission and Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionProperties.class)
class SessionConfiguration {

    @Bean
    @ConditionalOnMissingBean(CallRouter.class)
    CallRouter defaultGroupRouter(SessionProperties properties) {
        return new DefaultGroupRouter(new CallRouter.Route(
                SkillId.of(properties.defaultGroup()),
                properties.defaultPriority() == null ? 0 : properties.defaultPriority()));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    CallSessions callSessions(
            ObjectProvider<MediaServer> media,
            AcdManagement acd,
            Admission admission,
            CallRouter router,
            ReactiveStringRedisTemplate redis,
            SessionProperties properties) {
        return new CallSessions(
                media, acd, admission, router, redis, String.valueOf(properties.instanceId()), Clock.systemUTC());
    }
}
