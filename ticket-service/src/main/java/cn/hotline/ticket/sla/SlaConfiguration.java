package cn.hotline.ticket.sla;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.redis.spring.ReactiveRedisLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/** ShedLock on Redis: the timer scans of every ticket-service instance share one lock per job. */
@Configuration(proxyBeanMethods = false)
class SlaConfiguration {

    @Bean
    LockProvider ticketLockProvider(ReactiveRedisConnectionFactory redis) {
        return new ReactiveRedisLockProvider.Builder(redis)
                .environment("ticket-service")
                .build();
    }
}
