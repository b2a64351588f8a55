package cn.hotline.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    TenantRateLimit tenantRateLimit(
            ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters) {
        return new TenantRateLimit(redis, properties, meters);
    }
}
