package cn.hotline.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.server.EnableRedisWebSession;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;
import reactor.core.publisher.Mono;

/**
 * Console sessions live in Redis (Spring Session), so the tokens stay server-side and survive a gateway
 * restart; the browser holds only the session id in an HttpOnly, SameSite=Lax cookie. Sessions end after
 * {@code cc.gateway.bff.session-idle-timeout} without requests.
 */
@Configuration(proxyBeanMethods = false)
@EnableRedisWebSession(redisNamespace = "cc:gateway:session")
class SessionConfiguration {

    @Bean
    WebSessionIdResolver webSessionIdResolver(BffProperties bff) {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.setCookieName(bff.sessionCookie());
        resolver.setCookieMaxAge(java.time.Duration.ofSeconds(-1)); // a browser-session cookie; Redis holds expiry
        resolver.addCookieInitializer(cookie ->
                cookie.httpOnly(true).sameSite("Lax").secure(bff.secureCookie()).path("/"));
        return resolver;
    }

    @Bean
    ReactiveSessionRepositoryCustomizer<ReactiveRedisSessionRepository> sessionIdleTimeout(BffProperties bff) {
        return repository -> repository.setDefaultMaxInactiveInterval(bff.sessionIdleTimeout());
    }

    /**
     * The CSRF token is created lazily; subscribing to it makes the {@code XSRF-TOKEN} cookie reach the
     * console with its first response, so its first unsafe request can echo it.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebFilter csrfCookie() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return token == null ? chain.filter(exchange) : token.then(chain.filter(exchange));
        };
    }
}
