package cn.hotline.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    /**
     * Opens the Redis connection once the gateway is up, off the event loops, so the first console
     * session or rate-limit check does not pay for it. A Redis that is down is only logged here.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> redisWarmUp(ReactiveStringRedisTemplate redis) {
        return event -> Mono.usingWhen(
                        Mono.fromCallable(() -> redis.getConnectionFactory().getReactiveConnection()),
                        connection -> connection.ping(),
                        connection -> connection.closeLater())
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(5))
                .subscribe(
                        pong -> log.info("Redis answers ({}): sessions and rate limits are backed", pong),
                        error -> log.warn(
                                "Redis does not answer at start-up ({}); rate limits fail as configured, console"
                                        + " sign-in needs it",
                                error.toString()));
    }

    @Bean
    TenantRateLimit tenantRateLimit(
            ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters) {
        return new TenantRateLimit(redis, properties, meters);
    }
}
