package cn.hotline.kernel.security;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.ScopeUnit;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * The platform's token rule (ADR 0002 §2), shared by the services and the gateway: RS256 tokens whose
 * issuer is {@code {issuer-base}/t/{tenant}} and whose {@code tenant} claim names that same tenant;
 * the claims become a {@link Caller}.
 */
public final class TenantTokens {

    private static final Logger log = LoggerFactory.getLogger(TenantTokens.class);

    private TenantTokens() {}

    /** A decoder that verifies signature, time and the tenant-issuer rule. */
    public static ReactiveJwtDecoder decoder(SecurityProperties properties) {
        NimbusReactiveJwtDecoder decoder = properties.publicKey() != null
                ? NimbusReactiveJwtDecoder.withPublicKey(parsePublicKey(properties.publicKey()))
                        .build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(
                                Objects.requireNonNull(properties.jwkSetUri()).toString())
                        .build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    /** Time validity plus the tenant-issuer rule. */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), tenantIssuerRule(properties));
    }

    /** Accepts a token only if its issuer is its own tenant's issuer at our authorization server. */
    public static OAuth2TokenValidator<Jwt> tenantIssuerRule(SecurityProperties properties) {
        return jwt -> {
            String tenant = jwt.getClaimAsString("tenant");
            String issuer = jwt.getClaimAsString("iss");
            if (tenant == null
                    || issuer == null
                    || !validTenant(tenant)
                    || !issuer.equals(properties.issuerOf(tenant))) {
                return OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "The token was not issued by its tenant's issuer.", null));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    /** Turns a verified token into a {@link CallerAuthentication}; unknown role codes are ignored. */
    public static Converter<Jwt, Mono<CallerAuthentication>> authenticationConverter() {
        return jwt -> Mono.fromCallable(() -> new CallerAuthentication(jwt, caller(jwt)))
                .onErrorMap(
                        IllegalArgumentException.class,
                        e -> new InvalidBearerTokenException(
                                "The token's claims do not describe a valid caller: " + e.getMessage(), e));
    }

    /** The caller a verified token stands for. */
    public static Caller caller(Jwt jwt) {
        String tenant = Objects.requireNonNull(jwt.getClaimAsString("tenant"), "tenant claim");
        @Nullable String scope = jwt.getClaimAsString("scope_unit");
        return new Caller(
                Objects.requireNonNullElse(jwt.getSubject(), ""),
                TenantId.of(tenant),
                scope == null || scope.isBlank() ? null : ScopeUnit.of(scope),
                roles(jwt.getClaimAsStringList("roles")),
                jwt.getClaimAsString("name"));
    }

    private static Set<Role> roles(@Nullable List<String> codes) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (codes != null) {
            for (String code : codes) {
                Role.fromCode(code).ifPresentOrElse(roles::add, () -> log.debug("ignoring unknown role code {}", code));
            }
        }
        return roles;
    }

    private static boolean validTenant(String tenant) {
        try {
            TenantId.of(tenant);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public static RSAPublicKey parsePublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("cc.security.public-key is not an RSA public key in PEM", e);
        }
    }
}
