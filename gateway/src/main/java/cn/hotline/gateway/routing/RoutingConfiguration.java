package cn.hotline.gateway.routing;

import cn.hotline.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    RouteLocator serviceRoutes(RouteLocatorBuilder builder, GatewayProperties properties, MeterRegistry meters) {
        return new ServiceRoutes(properties, meters).build(builder);
    }

    @Bean
    HttpHeadersFilter requestIdPropagation() {
        return new RequestIdPropagation();
    }

    @Bean
    GlobalFilter trustBoundary(GatewayProperties properties, MeterRegistry meters) {
        return new TrustBoundary(properties.strippedHeaderPrefixes(), meters);
    }
}
