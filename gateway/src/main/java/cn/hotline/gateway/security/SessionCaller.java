package cn.hotline.gateway.security;

import cn.hotline.kernel.security.CallerAuthentication;
import cn.hotline.kernel.security.SecurityProblems;
import cn.hotline.kernel.security.TenantTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * For a console user signed in through the backend-for-frontend, turns the session's login into the
 * same {@link CallerAuthentication} a bearer token gives: the session's access token (refreshed first
 * when it is about to expire; the authorization server rotates the refresh token) is verified like any
 * other token, so the tenant, scope unit and roles come from it, and it is what gets relayed. When the
 * tokens can no longer be refreshed (revoked, reused refresh token, session older than the refresh
 * token) the session is invalidated and the request answered 401, so the console signs in again.
 */
final class SessionCaller implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionCaller.class);

    private final ReactiveOAuth2AuthorizedClientManager clients;
    private final ReactiveJwtDecoder decoder;
    private final Converter<Jwt, Mono<CallerAuthentication>> converter = TenantTokens.authenticationConverter();
    private final Counter expired;

    SessionCaller(ReactiveOAuth2AuthorizedClientManager clients, ReactiveJwtDecoder decoder, MeterRegistry meters) {
        this.clients = clients;
        this.decoder = decoder;
        this.expired = Counter.builder("gateway.bff.sessions.ended")
                .description("Console sessions ended because their tokens could not be refreshed")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(OAuth2AuthenticationToken.class::isInstance)
                .cast(OAuth2AuthenticationToken.class)
                .flatMap(login -> caller(login, exchange)
                        .map(caller -> chain.filter(exchange)
                                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(caller)))
                        .switchIfEmpty(Mono.defer(() -> endSession(exchange, login))))
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .flatMap(work -> work);
    }

    private Mono<CallerAuthentication> caller(OAuth2AuthenticationToken login, ServerWebExchange exchange) {
        OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(
                        login.getAuthorizedClientRegistrationId())
                .principal(login)
                .attribute(ServerWebExchange.class.getName(), exchange)
                .build();
        return clients.authorize(request)
                .flatMap(client -> decoder.decode(client.getAccessToken().getTokenValue()))
                .flatMap(converter::convert)
                .onErrorResume(error -> {
                    log.info(
                            "console session of {} at {} cannot continue: {}",
                            login.getName(),
                            login.getAuthorizedClientRegistrationId(),
                            error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Mono<Void>> endSession(ServerWebExchange exchange, OAuth2AuthenticationToken login) {
        expired.increment();
        return exchange.getSession()
                .flatMap(session -> session.invalidate())
                .then(Mono.just(
                        Mono.error(SecurityProblems.unauthenticated("Your session has ended. Sign in again at /login/"
                                + login.getAuthorizedClientRegistrationId() + "."))));
    }
}
