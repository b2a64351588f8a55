package cn.hotline.auth;

import cn.hotline.kernel.id.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** The servlet twin of the reactive services' request-id filter: header in and out, MDC for logs. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestIdServletFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestId id = RequestId.fromHeaderOrGenerate(request.getHeader(RequestId.HEADER));
        response.setHeader(RequestId.HEADER, id.value());
        MDC.put("requestId", id.value());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }
}
