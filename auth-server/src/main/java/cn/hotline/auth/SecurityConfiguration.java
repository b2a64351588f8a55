package cn.hotline.auth;

import static org.springframework.security.config.Customizer.withDefaults;

import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.issuer.IssuerTenantGuard;
import cn.hotline.auth.login.TenantLoginEntryPoint;
import cn.hotline.auth.login.TenantLoginFilter;
import cn.hotline.auth.token.ClientAssertionReplayGuard;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Two filter chains: the authorization server's own endpoints (OIDC on, one issuer per tenant under
 * {@code /t/{tenant}}), and everything else — health open for probes, the login pages, the rest signed
 * in. Both send a browser that is not signed in to the login page of the tenant in the path.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, JdbcOperations jdbc) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> server.oidc(withDefaults())
                        .clientAuthentication(
                                clients -> clients.authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
                                        assertions.setJwtDecoderFactory(
                                                ClientAssertionReplayGuard.decoderFactory(jdbc));
                                    }
                                }))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .addFilterAfter(new IssuerTenantGuard(), SecurityContextHolderFilter.class)
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new TenantLoginEntryPoint(), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationChain(HttpSecurity http, TenantDirectory directory) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/info",
                                "/error",
                                "/t/*/login",
                                "/t/*/federation/start",
                                "/t/*/federation/callback")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .addFilterAt(new TenantLoginFilter(directory), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new TenantLoginEntryPoint()));
        return http.build();
    }
}
