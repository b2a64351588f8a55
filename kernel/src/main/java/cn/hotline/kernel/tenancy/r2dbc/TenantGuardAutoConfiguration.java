package cn.hotline.kernel.tenancy.r2dbc;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Guards every R2DBC {@link ConnectionFactory} bean of a service with {@link
 * TenantGuardConnectionFactory}. On by default; {@code cc.tenancy.guard.enabled=false} turns it off
 * for a service that owns no tenant tables, and says so in its configuration.
 */
@AutoConfiguration
@ConditionalOnClass(ConnectionFactory.class)
@ConditionalOnProperty(prefix = "cc.tenancy.guard", name = "enabled", matchIfMissing = true)
public class TenantGuardAutoConfiguration {

    @Bean
    static BeanPostProcessor tenantGuardPostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ConnectionFactory factory ? TenantGuardConnectionFactory.guard(factory) : bean;
            }
        };
    }
}
