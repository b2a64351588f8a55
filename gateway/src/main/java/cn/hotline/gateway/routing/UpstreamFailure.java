package cn.hotline.gateway.routing;

import cn.hotline.kernel.problem.ProblemCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Why a call to a backend service failed, when it failed because of the service: the gateway answers these itself,
 * with a problem detail. Anything else (a problem raised by a gateway filter, a bug) is not an upstream failure and
 * passes through unchanged.
 */
enum UpstreamFailure {
    /** No connection: refused, reset, closed before answering, unknown host, connect timeout. */
    UNREACHABLE(ProblemCode.SERVICE_UNAVAILABLE, "unreachable"),
    /** Connected, but no answer within the service's time limit. */
    TIMED_OUT(ProblemCode.UPSTREAM_TIMEOUT, "timeout"),
    /** Not tried: the service's circuit breaker is open after repeated failures. */
    CIRCUIT_OPEN(ProblemCode.SERVICE_UNAVAILABLE, "circuit_open");

    private static final int MAX_CAUSES = 8;

    private final ProblemCode code;
    private final String tag;

    UpstreamFailure(ProblemCode code, String tag) {
        this.code = code;
        this.tag = tag;
    }

    ProblemCode code() {
        return code;
    }

    /** Value of the {@code outcome} tag on the failure counter. */
    String tag() {
        return tag;
    }

    /** Whether the circuit breaker counts this failure against the service (an open circuit is its own result). */
    boolean countsAgainstService() {
        return this != CIRCUIT_OPEN;
    }

    String detail(String service, Duration timeout) {
        return switch (this) {
            case UNREACHABLE -> service + " cannot be reached right now. Try again shortly.";
            case TIMED_OUT -> service + " did not answer within " + timeout.toMillis() + " ms. Try again shortly.";
            case CIRCUIT_OPEN ->
                service + " is not being called for a few seconds after repeated failures. Try again shortly.";
        };
    }

    /** The upstream failure behind {@code error}, looking through wrapping exceptions; empty when it is none. */
    static Optional<UpstreamFailure> of(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            @Nullable UpstreamFailure failure = classify(current);
            if (failure != null) {
                return Optional.of(failure);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return Optional.empty();
    }

    private static @Nullable UpstreamFailure classify(Throwable error) {
        return switch (error) {
            case CallNotPermittedException open -> CIRCUIT_OPEN;
            // Spring Cloud Gateway's response timeout (route metadata "response-timeout") arrives as a 504 whose
            // cause is its own TimeoutException; Reactor's timeout() raises java.util.concurrent.TimeoutException.
            case ResponseStatusException status
            when status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value() && isTimeout(status.getCause()) ->
                TIMED_OUT;
            case java.util.concurrent.TimeoutException timeout -> TIMED_OUT;
            case org.springframework.cloud.gateway.support.TimeoutException timeout -> TIMED_OUT;
            // Refused (Netty's AnnotatedConnectException), connect timeout (ConnectTimeoutException), unknown host,
            // reset, and Reactor Netty's PrematureCloseException (closed before the response) are all IOExceptions.
            case IOException io -> UNREACHABLE;
            default -> null;
        };
    }

    private static boolean isTimeout(@Nullable Throwable cause) {
        return cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof org.springframework.cloud.gateway.support.TimeoutException;
    }
}
