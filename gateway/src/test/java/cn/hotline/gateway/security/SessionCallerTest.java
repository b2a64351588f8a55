package cn.hotline.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.CallerAuthentication;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.SecurityProperties;
import cn.hotline.kernel.security.TenantTokens;
import cn.hotline.kernel.testing.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The session's tokens become the caller, are relayed, and a session that cannot be refreshed ends. */
class SessionCallerTest {

    private static final SecurityProperties SECURITY =
            new SecurityProperties(URI.create(TestTokens.ISSUER_BASE), null, TestTokens.publicKeyPem(), null, null);
    private static final ReactiveJwtDecoder DECODER = TenantTokens.decoder(SECURITY);
    private static final OAuth2AuthenticationToken LOGIN = new OAuth2AuthenticationToken(
            new DefaultOAuth2User(List.of(), Map.of("sub", "u-1"), "sub"), List.of(), "nanning");

    @Test
    void sessionLoginBecomesTheCallerOfItsAccessToken() {
        String accessToken = TestTokens.user("nanning", List.of(Role.SUPERVISOR), "nanning.qingxiu");
        AtomicReference<Authentication> seen = new AtomicReference<>();

        run(new SessionCaller(manager(Mono.just(client(accessToken))), DECODER, new SimpleMeterRegistry()), seen)
                .block();

        assertThat(seen.get()).isInstanceOf(CallerAuthentication.class);
        Caller caller = ((CallerAuthentication) seen.get()).caller();
        assertThat(caller.tenant().value()).isEqualTo("nanning");
        assertThat(caller.roles()).containsExactly(Role.SUPERVISOR);
        assertThat(((CallerAuthentication) seen.get()).getToken().getTokenValue())
                .isEqualTo(accessToken);
    }

    @Test
    void sessionWhoseTokensCannotBeRefreshedEndsWith401() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicReference<Authentication> seen = new AtomicReference<>();

        Throwable error = run(
                        new SessionCaller(
                                manager(Mono.error(new IllegalStateException("invalid_grant"))), DECODER, meters),
                        seen)
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block();

        assertThat(error).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) error).code().name()).isEqualTo("UNAUTHENTICATED");
        assertThat(seen.get()).isNull();
        assertThat(meters.counter("gateway.bff.sessions.ended").count()).isEqualTo(1.0);
    }

    @Test
    void sessionWithATokenOfAnUntrustedIssuerIsNotAccepted() {
        AtomicReference<Authentication> seen = new AtomicReference<>();

        Throwable error = run(
                        new SessionCaller(
                                manager(Mono.just(client(TestTokens.foreignIssuer("nanning", Role.AGENT)))),
                                DECODER,
                                new SimpleMeterRegistry()),
                        seen)
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block();

        assertThat(error).isInstanceOf(ProblemException.class);
        assertThat(seen.get()).isNull();
    }

    @Test
    void relayAddsTheSessionsTokenAndDropsTheBrowsersCookies() {
        String accessToken = TestTokens.user("shushan", Role.AGENT);
        CallerAuthentication caller = (CallerAuthentication) TenantTokens.authenticationConverter()
                .convert(DECODER.decode(accessToken).block())
                .block();
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("/api/ticket/tenants/shushan/tickets")
                        .header(HttpHeaders.COOKIE, "CC_SESSION=abc; XSRF-TOKEN=x"));
        AtomicReference<HttpHeaders> forwarded = new AtomicReference<>();
        GatewayFilterChain chain = relayed -> {
            forwarded.set(relayed.getRequest().getHeaders());
            return Mono.empty();
        };

        new TokenRelay()
                .filter(exchange, chain)
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(caller))
                .block();

        assertThat(forwarded.get().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + accessToken);
        assertThat(forwarded.get().containsHeader(HttpHeaders.COOKIE)).isFalse();
    }

    private static Mono<Void> run(SessionCaller filter, AtomicReference<Authentication> seen) {
        ServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("/api/call/tenants/nanning/queues"));
        WebFilterChain chain = ignored -> ReactiveSecurityContextHolder.getContext()
                .doOnNext(context -> seen.set(context.getAuthentication()))
                .then();
        return filter.filter(exchange, chain).contextWrite(ReactiveSecurityContextHolder.withAuthentication(LOGIN));
    }

    private static ReactiveOAuth2AuthorizedClientManager manager(Mono<OAuth2AuthorizedClient> result) {
        return request -> result;
    }

    private static OAuth2AuthorizedClient client(String accessToken) {
        return new OAuth2AuthorizedClient(
                new TenantClientRegistrations(
                                SECURITY,
                                new BffProperties(
                                        "console-bff",
                                        "s",
                                        null,
                                        null,
                                        List.of("openid"),
                                        "CC_SESSION",
                                        false,
                                        java.time.Duration.ofHours(1),
                                        java.time.Duration.ofSeconds(60),
                                        "/"))
                        .build("nanning"),
                "u-1",
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        accessToken,
                        Instant.now(),
                        Instant.now().plusSeconds(300)));
    }
}
