package cn.hotline.gateway.routing;

import cn.hotline.kernel.id.RequestId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every proxied request, HTTP or WebSocket handshake, the request id the kernel's filter settled on (the
 * caller's well-formed {@code X-Request-Id}, or a fresh one), so the service logs the id the gateway logged and
 * answered. Applied where the routing filters build the outgoing headers: no copy of the incoming request is made.
 */
final class RequestIdPropagation implements HttpHeadersFilter, Ordered {

    /** Where the kernel's {@code RequestIdFilter} keeps the request id (documented there as an exchange attribute). */
    static final String REQUEST_ID_ATTRIBUTE = RequestId.class.getName();

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        @Nullable RequestId requestId = exchange.getAttribute(REQUEST_ID_ATTRIBUTE);
        if (requestId == null) {
            // Fail closed: without the kernel's filter the services would log ids nobody can correlate.
            throw new IllegalStateException(
                    "no request id on the exchange: the kernel's RequestIdFilter must run before routing");
        }
        List<String> sent = input.getOrEmpty(RequestId.HEADER);
        if (sent.size() == 1 && sent.getFirst().equals(requestId.value())) {
            return input;
        }
        HttpHeaders forwarded = HttpHeaders.copyOf(input);
        forwarded.set(RequestId.HEADER, requestId.value());
        return forwarded;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    /** Last: the id is set on what the other header filters produced. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
