package cn.hotline.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a client sends is not trusted: headers that only the platform may set ({@code X-Tenant-*}, {@code X-Internal-*}
 * and the other configured prefixes) are removed from every routed request before any other gateway filter runs. A
 * filter ordered after {@link #ORDER} that adds such a header (the token check will add the tenant) is therefore the
 * only source of it downstream.
 */
final class TrustBoundary implements GlobalFilter, Ordered {

    /** Before every other gateway filter: later filters see the cleaned request and may add trusted headers. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final Logger log = LoggerFactory.getLogger(TrustBoundary.class);

    private final List<String> strippedPrefixes;
    private final Counter strippedRequests;

    TrustBoundary(List<String> strippedPrefixes, MeterRegistry meters) {
        this.strippedPrefixes = List.copyOf(strippedPrefixes);
        this.strippedRequests = Counter.builder("gateway.requests.stripped.headers")
                .description("Client requests that carried headers only the platform may set (removed)")
                .register(meters);
        log.info(
                "Removing client request headers starting with {} (case-insensitive) on every route", strippedPrefixes);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<String> forbidden = forbiddenHeaders(exchange.getRequest().getHeaders());
        if (forbidden.isEmpty()) {
            return chain.filter(exchange); // the usual case: no copy of the request
        }
        strippedRequests.increment();
        // Counted, and only debug-logged: any client can send these.
        log.debug(
                "removed client headers {} from {}",
                forbidden,
                exchange.getRequest().getPath());
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(writable -> forbidden.forEach(writable::remove)))
                .build());
    }

    /** Names of the headers in {@code headers} that a client must not set. */
    List<String> forbiddenHeaders(HttpHeaders headers) {
        List<String> forbidden = List.of();
        for (String name : headers.headerNames()) {
            if (isForbidden(name)) {
                if (forbidden.isEmpty()) {
                    forbidden = new ArrayList<>(2);
                }
                forbidden.add(name);
            }
        }
        return forbidden;
    }

    boolean isForbidden(String headerName) {
        for (String prefix : strippedPrefixes) {
            if (headerName.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
