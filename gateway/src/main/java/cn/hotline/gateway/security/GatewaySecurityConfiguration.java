package cn.hotline.gateway.security;

import cn.hotline.gateway.ratelimit.TenantRateLimit;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.SecurityProblems;
import cn.hotline.kernel.security.SecurityProperties;
import cn.hotline.kernel.security.TenantPathAccess;
import cn.hotline.kernel.security.TenantTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.HttpStatusReturningServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The gateway's one security filter chain (it replaces the kernel's service chain):
 *
 * <ul>
 *   <li>open: the console's static files, health, diagnostics, {@code /api/auth/**} (the authorization
 *       server), {@code /hooks/**} (ticket-service authenticates the city platform's pushes itself), the
 *       login endpoints;
 *   <li>{@code /api/*}{@code /internal/**}: 404, never routed;
 *   <li>{@code /api/*}{@code /platform/**}: role {@code OPERATOR}, else 403;
 *   <li>{@code /api/{service}/tenants/{tenant}/**}: a caller of that tenant, else 404;
 *   <li>{@code /api/me}, {@code /ws/**}: any caller; anything else under {@code /api}: 404.
 * </ul>
 *
 * Callers authenticate with a bearer token (checked like the kernel does) or with the console session
 * ({@link SessionCaller}); cookie-authenticated unsafe requests need the CSRF token
 * ({@code XSRF-TOKEN} cookie echoed as {@code X-XSRF-TOKEN}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

    @Bean
    ReactiveJwtDecoder tenantJwtDecoder(SecurityProperties properties) {
        return TenantTokens.decoder(properties);
    }

    @Bean
    ReactiveClientRegistrationRepository tenantClientRegistrations(SecurityProperties security, BffProperties bff) {
        return new TenantClientRegistrations(security, bff);
    }

    @Bean
    ServerOAuth2AuthorizedClientRepository sessionAuthorizedClients() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    @Bean
    ReactiveOAuth2AuthorizedClientManager authorizedClientManager(
            ReactiveClientRegistrationRepository registrations,
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            BffProperties bff) {
        DefaultReactiveOAuth2AuthorizedClientManager manager =
                new DefaultReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken(refresh -> refresh.clockSkew(bff.refreshBeforeExpiry()))
                .build());
        return manager;
    }

    @Bean
    TokenRelay tokenRelay() {
        return new TokenRelay();
    }

    @Bean
    SecurityWebFilterChain gatewaySecurityFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            ReactiveClientRegistrationRepository registrations,
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            ReactiveOAuth2AuthorizedClientManager clientManager,
            BffProperties bff,
            MeterRegistry meters,
            TenantRateLimit rateLimit) {
        DefaultServerOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        CookieServerCsrfTokenRepository csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookiePath("/");
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(cookieAuthenticatedUnsafeRequests())
                        .accessDeniedHandler((exchange, denied) -> Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN,
                                "This request needs the CSRF token: send the XSRF-TOKEN cookie's value as X-XSRF-TOKEN.",
                                Map.of("reason", "csrf")))))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(new WebSessionServerSecurityContextRepository())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(TenantTokens.authenticationConverter()))
                        .authenticationEntryPoint(SecurityProblems.bearerEntryPoint())
                        .accessDeniedHandler(SecurityProblems.accessDenied()))
                .oauth2Login(login -> login.clientRegistrationRepository(registrations)
                        .authorizedClientRepository(authorizedClients)
                        .authorizationRequestResolver(authorizationRequests)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler(bff.afterLogin()))
                        .authenticationFailureHandler(
                                new RedirectServerAuthenticationFailureHandler(bff.afterLogin() + "?login=failed")))
                .oauth2Client(client -> client.clientRegistrationRepository(registrations)
                        .authorizedClientRepository(authorizedClients))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutHandler(new DelegatingServerLogoutHandler(
                                new SecurityContextServerLogoutHandler(), new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(new HttpStatusReturningServerLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(SecurityProblems.bearerEntryPoint())
                        .accessDeniedHandler(SecurityProblems.accessDenied()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/", "/index.html", "/favicon.ico", "/assets/**")
                        .permitAll()
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/diagnostics")
                        .permitAll()
                        .pathMatchers("/api/*/actuator/health", "/api/*/actuator/health/**", "/api/*/diagnostics")
                        .permitAll()
                        .pathMatchers("/api/auth/**", "/hooks/**")
                        .permitAll()
                        .pathMatchers("/login/*", "/oauth2/authorization/*", "/login/oauth2/code/*", "/logout")
                        .permitAll()
                        .pathMatchers("/api/*/internal", "/api/*/internal/**")
                        .access(GatewayAccess::notFound)
                        .pathMatchers("/api/*/platform/**")
                        .hasRole(Role.OPERATOR.name())
                        .pathMatchers("/api/{service}/tenants/{tenant}/**")
                        .access(TenantPathAccess::ownTenant)
                        .pathMatchers("/api/me", "/ws/**")
                        .access(GatewayAccess::anyCaller)
                        .anyExchange()
                        .access(GatewayAccess::notFound))
                .addFilterAfter(
                        new SessionCaller(clientManager, decoder, meters), SecurityWebFiltersOrder.AUTHENTICATION);
        http.addFilterAfter(rateLimit.asFilter(), SecurityWebFiltersOrder.AUTHORIZATION);
        return http.build();
    }

    /**
     * CSRF applies to unsafe methods of cookie-authenticated requests: not to bearer clients (a browser
     * does not add their header), not to the authorization server (it guards its own forms) and not to
     * the city platform's hooks.
     */
    static ServerWebExchangeMatcher cookieAuthenticatedUnsafeRequests() {
        ServerWebExchangeMatcher exempt =
                ServerWebExchangeMatchers.pathMatchers("/api/auth/**", "/hooks/**", "/login/oauth2/code/*");
        return exchange -> {
            HttpMethod method = exchange.getRequest().getMethod();
            boolean safe = method == HttpMethod.GET
                    || method == HttpMethod.HEAD
                    || method == HttpMethod.OPTIONS
                    || method == HttpMethod.TRACE;
            String authorization = exchange.getRequest().getHeaders().getFirst("Authorization");
            boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
            if (safe || bearer) {
                return ServerWebExchangeMatcher.MatchResult.notMatch();
            }
            return exempt.matches(exchange)
                    .flatMap(result -> result.isMatch()
                            ? ServerWebExchangeMatcher.MatchResult.notMatch()
                            : ServerWebExchangeMatcher.MatchResult.match());
        };
    }

    /** {@code /login/{tenant}} starts the tenant's sign-in; {@code /api/me} says who is signed in. */
    @Bean
    RouterFunction<ServerResponse> bffRoutes() {
        return RouterFunctions.route()
                .GET("/login/{tenant}", request -> ServerResponse.temporaryRedirect(URI.create("/oauth2/authorization/"
                                + TenantId.of(request.pathVariable("tenant")).value()))
                        .build())
                .GET("/api/me", request -> Me.current().flatMap(me -> ServerResponse.ok()
                        .header("Cache-Control", "no-store")
                        .bodyValue(me)))
                .build();
    }
}
