package cn.hotline.tenant.quota;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Opens the shared Redis connection at start-up: Lettuce otherwise connects on first use, and does so by waiting on a
 * future — which would block the event-loop thread that happens to make the first quota call.
 */
@Configuration(proxyBeanMethods = false)
class RedisConnectionConfiguration {

    @Bean
    static BeanPostProcessor eagerRedisConnection() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof LettuceConnectionFactory factory) {
                    factory.setEagerInitialization(true);
                }
                return bean;
            }
        };
    }
}
