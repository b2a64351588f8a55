package cn.hotline.auth;

import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.federation.UpstreamProviders;
import cn.hotline.auth.issuer.IssuerGate;
import cn.hotline.auth.issuer.PinnedIssuerBase;
import cn.hotline.auth.issuer.TenantClientRepository;
import cn.hotline.auth.token.AuthorizationHousekeeping;
import cn.hotline.auth.token.RefreshTokenReuseDetection;
import cn.hotline.auth.token.SigningKeys;
import cn.hotline.auth.token.TenantClaims;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** The authorization server's parts: directory client, clients per issuer, JDBC stores, keys, claims. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
@EnableScheduling
class AuthorizationServerConfiguration {

    @Bean
    TenantDirectory tenantDirectory(AuthProperties properties) {
        return new TenantDirectory(properties, Clock.systemUTC());
    }

    @Bean
    UpstreamProviders upstreamProviders() {
        return new UpstreamProviders();
    }

    @Bean
    FilterRegistrationBean<IssuerGate> issuerGate(TenantDirectory directory) {
        FilterRegistrationBean<IssuerGate> registration = new FilterRegistrationBean<>(new IssuerGate(directory));
        // after the request id, before Spring Security's filter chain
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PinnedIssuerBase> pinnedIssuerBase(AuthProperties properties) {
        String base = properties.issuerBase();
        if (base == null) {
            // empty CC_AUTH_ISSUER_BASE: issuers follow the request URL
            FilterRegistrationBean<PinnedIssuerBase> off = new FilterRegistrationBean<>();
            off.setEnabled(false);
            off.setFilter(new PinnedIssuerBase(URI.create("http://127.0.0.1")));
            return off;
        }
        FilterRegistrationBean<PinnedIssuerBase> registration =
                new FilterRegistrationBean<>(new PinnedIssuerBase(URI.create(base)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Client secrets: {@code {argon2@SpringSecurity_v5_8}}, {@code {bcrypt}}, ... as tenant-service hashes them. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClients(
            TenantDirectory directory, AuthProperties properties, PasswordEncoder encoder) {
        return new TenantClientRepository(directory, properties, encoder);
    }

    @Bean
    OAuth2AuthorizationService authorizations(
            JdbcOperations jdbc, RegisteredClientRepository clients, MeterRegistry meters) {
        return new RefreshTokenReuseDetection(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbc, meters);
    }

    @Bean
    AuthorizationHousekeeping authorizationHousekeeping(JdbcOperations jdbc, AuthProperties properties) {
        return new AuthorizationHousekeeping(jdbc, properties.refreshTokenTtl());
    }

    @Bean
    OAuth2AuthorizationConsentService consents(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(JdbcOperations jdbc) {
        return SigningKeys.load(jdbc);
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tenantClaims() {
        return new TenantClaims();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder()
                .multipleIssuersAllowed(true)
                .build();
    }
}
