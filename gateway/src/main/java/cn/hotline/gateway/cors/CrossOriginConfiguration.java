package cn.hotline.gateway.cors;

import cn.hotline.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    @Bean
    WebFilter crossOriginPolicy(GatewayProperties properties, MeterRegistry meters) {
        return new CrossOriginPolicy(properties.cors(), meters);
    }
}
