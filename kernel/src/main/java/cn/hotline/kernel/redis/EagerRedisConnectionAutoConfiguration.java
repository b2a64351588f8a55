package cn.hotline.kernel.redis;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Opens the shared Redis connection at start-up, on the main thread. Left lazy, Lettuce connects on first use by
 * waiting on a future — which blocks whichever event-loop thread happens to make the first Redis call (BlockHound
 * refuses that, and rightly). A service that must start while Redis is down (the gateway: its rate limit fails open)
 * sets {@code cc.redis.connect-at-start-up=false} and keeps its first calls off the event loop itself.
 */
@AutoConfiguration
@ConditionalOnClass(LettuceConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "cc.redis.connect-at-start-up", matchIfMissing = true)
public class EagerRedisConnectionAutoConfiguration {

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
