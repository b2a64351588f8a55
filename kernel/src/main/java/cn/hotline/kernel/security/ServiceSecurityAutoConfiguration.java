package cn.hotline.kernel.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Every WebFlux service is a resource server for its tenants' tokens (ADR 0002):
 *
 * <ul>
 *   <li>{@code /internal/**}: header {@code X-Internal-Token} = {@code cc.security.internal-token}, else
 *       401; no tenant bound (the handler binds the one it is asked about);
 *   <li>{@code /actuator/health/**}, {@code /actuator/info}, {@code /diagnostics}: open;
 *   <li>{@code /platform/**}: role {@code OPERATOR}, else 403;
 *   <li>{@code /tenants/{tenant}/**}: a token of that tenant, else 404; its tenant and scope unit bound
 *       in the Reactor Context;
 *   <li>{@code cc.security.open-paths}: open, for endpoints the service authenticates itself (signed hooks);
 *   <li>anything else: 404.
 * </ul>
 *
 * A service (or the gateway) that declares its own {@link SecurityWebFilterChain} replaces both chains.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(SecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServiceSecurityAutoConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @EnableWebFluxSecurity
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    static class Chains {

        @Bean
        @ConditionalOnMissingBean
        ReactiveJwtDecoder tenantJwtDecoder(SecurityProperties properties) {
            return TenantTokens.decoder(properties);
        }

        @Bean
        @Order(0)
        SecurityWebFilterChain internalSecurityFilterChain(ServerHttpSecurity http, SecurityProperties properties) {
            if (SecurityProperties.DEV_INTERNAL_TOKEN.equals(properties.internalToken())) {
                log.warn("cc.security.internal-token is the development default; set CC_INTERNAL_TOKEN outside"
                        + " development");
            }
            InternalToken token = new InternalToken(properties.internalTokenValue());
            ReactiveAuthorizationManager<AuthorizationContext> internalCaller =
                    (authentication, context) -> token.matches(context.getExchange()
                                    .getRequest()
                                    .getHeaders()
                                    .getFirst(InternalToken.HEADER))
                            ? Mono.just(new AuthorizationDecision(true))
                            : Mono.error(SecurityProblems.unauthenticated(
                                    "Internal endpoints need the platform's X-Internal-Token header."));
            return stateless(http)
                    .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**"))
                    .authorizeExchange(exchanges -> exchanges.anyExchange().access(internalCaller))
                    .build();
        }

        @Bean
        @Order(1)
        SecurityWebFilterChain serviceSecurityFilterChain(
                ServerHttpSecurity http, ReactiveJwtDecoder decoder, SecurityProperties properties) {
            if (!properties.openPathPatterns().isEmpty()) {
                log.info(
                        "Paths this service authenticates itself (no token needed): {}", properties.openPathPatterns());
            }
            return stateless(http)
                    .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtDecoder(decoder)
                                    .jwtAuthenticationConverter(TenantTokens.authenticationConverter()))
                            .authenticationEntryPoint(SecurityProblems.bearerEntryPoint())
                            .accessDeniedHandler(SecurityProblems.accessDenied()))
                    .authorizeExchange(exchanges -> exchanges
                            .pathMatchers(openPaths(properties))
                            .permitAll()
                            .pathMatchers("/platform/**")
                            .hasRole(Role.OPERATOR.name())
                            .pathMatchers("/tenants/{tenant}/**")
                            .access(TenantPathAccess::ownTenant)
                            .anyExchange()
                            .access((authentication, context) -> Mono.error(SecurityProblems.notFound())))
                    .addFilterAfter(new TenantBinding(), SecurityWebFiltersOrder.AUTHORIZATION)
                    .build();
        }
    }

    /** Health, info, diagnostics and the service's own {@code cc.security.open-paths}. */
    static String[] openPaths(SecurityProperties properties) {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/diagnostics"),
                        properties.openPathPatterns().stream())
                .toArray(String[]::new);
    }

    /** Stateless, bearer-only basics shared by both chains; failures are problem details. */
    static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(SecurityProblems.bearerEntryPoint())
                        .accessDeniedHandler(SecurityProblems.accessDenied()));
    }
}
