package cn.hotline.kernel.web;

import cn.hotline.kernel.id.RequestId;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when well formed (the gateway sets
 * it), a fresh one otherwise. The id is echoed in the response, kept as an exchange attribute for
 * problem details, and put in the Reactor Context, from where automatic context propagation copies it
 * into the logging MDC.
 */
final class RequestIdFilter implements WebFilter, Ordered {

    static final String ATTRIBUTE = RequestId.class.getName();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestId id = RequestId.fromHeaderOrGenerate(
                exchange.getRequest().getHeaders().getFirst(RequestId.HEADER));
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestId.HEADER, id.value());
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIdLogging.MDC_KEY, id.value()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
