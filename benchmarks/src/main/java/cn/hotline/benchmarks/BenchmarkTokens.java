package cn.hotline.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An in-process token issuer for the benchmark: one RSA key per instance, whose public key the gateway is told to
 * trust ({@code cc.security.public-key}), and RS256 access tokens shaped like auth-server's client-credentials tokens
 * (ADR 0002 §2): {@code iss = {issuerBase}/t/{tenant}}, claims {@code tenant} and {@code roles}.
 */
public final class BenchmarkTokens {

    /** Long enough for any run of the benchmark; the gateway checks expiry on every request all the same. */
    private static final Duration VALIDITY = Duration.ofHours(2);

    private final KeyPair keys;
    private final String issuerBase;

    public BenchmarkTokens(String issuerBase) {
        if (issuerBase.isBlank() || issuerBase.endsWith("/")) {
            throw new IllegalArgumentException("issuer base must be a URL without a trailing slash: " + issuerBase);
        }
        this.issuerBase = issuerBase;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code cc.security.issuer-base} must be for the gateway to accept these tokens. */
    String issuerBase() {
        return issuerBase;
    }

    /** The public key in PEM (X.509 SubjectPublicKeyInfo), for {@code cc.security.public-key}. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A client-credentials token of {@code tenant}'s API client (role {@code CITY_PLATFORM}). */
    String client(String tenant, String clientId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuerBase + "/t/" + tenant)
                .subject(clientId)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(VALIDITY)))
                .claim("tenant", tenant)
                .claim("roles", List.of("CITY_PLATFORM"))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("benchmark")
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A user of {@code tenant} with {@code roles}, narrowed to {@code scopeUnit} when it is not null. */
    public String user(String tenant, List<String> roles, @org.jspecify.annotations.Nullable String scopeUnit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerBase + "/t/" + tenant)
                .subject(UUID.randomUUID().toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(VALIDITY)))
                .claim("tenant", tenant)
                .claim("roles", roles)
                .claim("name", "benchmark");
        if (scopeUnit != null) {
            claims.claim("scope_unit", scopeUnit);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("benchmark")
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
