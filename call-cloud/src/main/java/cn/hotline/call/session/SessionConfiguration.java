package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.admission.Admission;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.recording.CallRecordings;
import cn.hotline.call.routing.CallRouter;
import cn.hotline.media.port.MediaServer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Wires live calls to the media server (if an adapter is present), routing, the ACD, admission and Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionProperties.class)
class SessionConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    CallSessions callSessions(
            ObjectProvider<MediaServer> media,
            AcdManagement acd,
            Admission admission,
            CallRouter router,
            PromptLibrary prompts,
            CallRecordings recordings,
            CallbackTasks callbacks,
            cn.hotline.call.history.CallParties parties,
            ReactiveStringRedisTemplate redis,
            SessionProperties properties,
            Survey survey,
            KeptCallbacks kept) {
        return new CallSessions(
                media,
                acd,
                admission,
                router,
                prompts,
                recordings,
                callbacks,
                parties,
                redis,
                properties,
                Clock.systemUTC(),
                survey,
                kept);
    }

    @Bean
    KeptCallbacks keptCallbacks(
            ReactiveStringRedisTemplate redis,
            AcdManagement acd,
            CallbackTasks callbacks,
            cn.hotline.call.callback.CallbackProperties properties) {
        return new KeptCallbacks(
                redis,
                acd,
                callbacks,
                java.util.Objects.requireNonNull(properties.keptFor()),
                java.util.Objects.requireNonNull(properties.keptCheck()),
                Clock.systemUTC());
    }

    @Bean
    Survey survey(
            org.springframework.r2dbc.core.DatabaseClient db,
            org.springframework.transaction.reactive.TransactionalOperator tx,
            PromptLibrary prompts,
            AcdManagement acd) {
        return new Survey(db, tx, prompts, acd);
    }
}
