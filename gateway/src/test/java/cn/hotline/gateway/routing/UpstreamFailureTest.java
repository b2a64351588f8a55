package cn.hotline.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class UpstreamFailureTest {

    @Test
    void connectionFailuresMeanTheServiceIsUnreachable() {
        assertThat(UpstreamFailure.of(new ConnectException("Connection refused")))
                .contains(UpstreamFailure.UNREACHABLE);
        assertThat(UpstreamFailure.of(new ConnectTimeoutException("connection timed out")))
                .contains(UpstreamFailure.UNREACHABLE);
        assertThat(UpstreamFailure.of(new UnknownHostException("tenant-service")))
                .contains(UpstreamFailure.UNREACHABLE);
        assertThat(UpstreamFailure.of(new IOException("Connection reset by peer")))
                .contains(UpstreamFailure.UNREACHABLE);
    }

    @Test
    void findsTheCauseBehindWrappingExceptions() {
        assertThat(UpstreamFailure.of(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .contains(UpstreamFailure.UNREACHABLE);
    }

    @Test
    void theRoutingFiltersResponseTimeoutIsATimeout() {
        ResponseStatusException routingTimeout = new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT,
                "Response took longer than timeout: PT1S",
                new org.springframework.cloud.gateway.support.TimeoutException("took too long"));

        assertThat(UpstreamFailure.of(routingTimeout)).contains(UpstreamFailure.TIMED_OUT);
        assertThat(UpstreamFailure.of(new TimeoutException())).contains(UpstreamFailure.TIMED_OUT);
    }

    @Test
    void anOpenBreakerIsItsOwnOutcomeAndDoesNotCountAgainstTheService() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("tenant");
        breaker.transitionToOpenState();

        assertThat(UpstreamFailure.of(CallNotPermittedException.createCallNotPermittedException(breaker)))
                .contains(UpstreamFailure.CIRCUIT_OPEN);
        assertThat(UpstreamFailure.CIRCUIT_OPEN.countsAgainstService()).isFalse();
        assertThat(UpstreamFailure.UNREACHABLE.countsAgainstService()).isTrue();
    }

    @Test
    void errorsThatAreNotTheServicesFaultPassThrough() {
        assertThat(UpstreamFailure.of(new ProblemException(ProblemCode.FORBIDDEN, "no")))
                .isEmpty();
        assertThat(UpstreamFailure.of(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .isEmpty();
        assertThat(UpstreamFailure.of(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
                .isEmpty();
        assertThat(UpstreamFailure.of(new IllegalArgumentException("bug"))).isEmpty();
    }

    @Test
    void mapsToTheStableProblemCodes() {
        assertThat(UpstreamFailure.UNREACHABLE.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
        assertThat(UpstreamFailure.CIRCUIT_OPEN.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
        assertThat(UpstreamFailure.TIMED_OUT.code()).isEqualTo(ProblemCode.UPSTREAM_TIMEOUT);
        assertThat(UpstreamFailure.TIMED_OUT.detail("ticket-service", Duration.ofSeconds(3)))
                .isEqualTo("ticket-service did not answer within 3000 ms. Try again shortly.");
    }
}
