package cn.hotline.kernel.web;

import cn.hotline.kernel.id.RequestId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place errors leave a reactive service: every exception becomes an RFC 9457 problem
 * detail with a stable {@code code}. Expected problems keep their detail; unexpected ones are
 * logged with the request id and answered with a generic detail, so nothing internal leaks.
 */
final class ProblemDetailsExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    private final ServerResponse.Context responseContext;

    ProblemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.responseContext = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        @Nullable RequestId requestId = exchange.getAttribute(RequestIdFilter.ATTRIBUTE);
        URI instance = URI.create(exchange.getRequest().getPath().value());
        ProblemDetail problem = toProblem(error, instance, requestId);
        return ServerResponse.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem)
                .flatMap(response -> response.writeTo(exchange, responseContext));
    }

    static ProblemDetail toProblem(Throwable error, URI instance, @Nullable RequestId requestId) {
        return switch (error) {
            case ProblemException p -> ProblemDetails.of(p.code(), p.detail(), instance, requestId, p.properties());
            case WebExchangeBindException bind ->
                ProblemDetails.of(
                        ProblemCode.VALIDATION_FAILED,
                        "Some fields are not valid; see 'errors'.",
                        instance,
                        requestId,
                        Map.of(
                                "errors",
                                bind.getFieldErrors().stream()
                                        .map(f -> Map.of(
                                                "field",
                                                f.getField(),
                                                "message",
                                                String.valueOf(f.getDefaultMessage())))
                                        .toList()));
            case ServerWebInputException input ->
                ProblemDetails.of(
                        ProblemCode.MALFORMED_REQUEST,
                        readable(input.getReason(), "The request cannot be read."),
                        instance,
                        requestId);
            case ErrorResponse response -> {
                int status = response.getStatusCode().value();
                if (status >= 500) {
                    log.error("request {} failed", requestId, error);
                }
                yield ProblemDetails.of(
                        ProblemCode.forStatus(status),
                        readable(
                                response.getBody().getDetail(),
                                ProblemCode.forStatus(status).title() + "."),
                        instance,
                        requestId);
            }
            default -> {
                log.error("request {} failed unexpectedly", requestId, error);
                yield ProblemDetails.of(
                        ProblemCode.INTERNAL_ERROR,
                        "Something went wrong on our side. Quote request id " + requestId + " when reporting it.",
                        instance,
                        requestId);
            }
        };
    }

    private static String readable(@Nullable String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text;
    }

    @Override
    public int getOrder() {
        return -2; // before Spring Boot's ErrorWebExceptionHandler (-1)
    }
}
