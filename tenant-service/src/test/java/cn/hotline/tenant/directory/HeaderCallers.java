package cn.hotline.tenant.directory;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Test stand-in for the kernel's token validation, which is not merged into this branch yet: the caller comes from
 * {@code X-Test-*} headers. Only test code registers it; main code fails closed ({@link UnwiredCallerSource}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class HeaderCallers {

    @Bean
    WebFilter testCallerFilter() {
        return (exchange, chain) -> {
            var headers = exchange.getRequest().getHeaders();
            String tenant = headers.getFirst("X-Test-Tenant");
            if (tenant == null) {
                return chain.filter(exchange);
            }
            String roles = headers.getFirst("X-Test-Roles");
            DirectoryCaller caller = new DirectoryCaller(
                    tenant,
                    headers.getFirst("X-Test-Scope"),
                    String.valueOf(headers.getFirst("X-Test-Subject")),
                    roles == null || roles.isBlank() ? List.of() : Arrays.asList(roles.split(",")));
            return chain.filter(exchange).contextWrite(context -> context.put(DirectoryCaller.class, caller));
        };
    }

    @Bean
    @Primary
    CallerSource headerCallerSource(UnwiredCallerSource unwired) {
        return () -> Mono.deferContextual(context -> context.hasKey(DirectoryCaller.class)
                ? Mono.just(context.get(DirectoryCaller.class))
                : unwired.current());
    }
}
