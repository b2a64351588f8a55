package cn.hotline.auth.federation;

import cn.hotline.auth.directory.Federation;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * auth-server as a confidential OIDC client of each tenant's upstream provider. Discovery documents and
 * key sets are cached per issuer; every login gets its own state, nonce and PKCE verifier.
 */
public final class UpstreamProviders {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RestClient http;
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    public UpstreamProviders() {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    /** One login in progress, kept in the user's session between the redirect and the callback. */
    public record Pending(String tenant, String state, String nonce, String verifier, String redirectUri)
            implements Serializable {}

    record Metadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {}

    public Pending begin(String tenant, String redirectUri) {
        return new Pending(tenant, random(), random(), random(), redirectUri);
    }

    /** Where to send the browser: the upstream authorization endpoint with our state, nonce and challenge. */
    public URI authorizationUrl(Federation federation, Pending pending) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        scopes.addAll(federation.scopes());
        return UriComponentsBuilder.fromUriString(metadata(federation).authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", federation.clientId())
                .queryParam("redirect_uri", pending.redirectUri())
                .queryParam("scope", String.join(" ", scopes))
                .queryParam("state", pending.state())
                .queryParam("nonce", pending.nonce())
                .queryParam("code_challenge", challenge(pending.verifier()))
                .queryParam("code_challenge_method", "S256")
                .encode()
                .build()
                .toUri();
    }

    /** Exchanges the code and returns the ID token's subject once signature, issuer, audience, expiry and nonce verify. */
    public String verifiedSubject(Federation federation, Pending pending, String code) {
        Metadata upstream = metadata(federation);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", pending.redirectUri());
        form.add("code_verifier", pending.verifier());
        Map<?, ?> tokens;
        try {
            tokens = http.post()
                    .uri(upstream.tokenEndpoint())
                    .headers(headers -> headers.setBasicAuth(
                            federation.clientId(), federation.clientSecret(), StandardCharsets.UTF_8))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form)
                    .retrieve()
                    .body(Map.class);
        } catch (RestClientException e) {
            throw new FederationFailedException("token exchange with " + federation.issuer() + " failed", e);
        }
        Object idToken = tokens == null ? null : tokens.get("id_token");
        if (!(idToken instanceof String value)) {
            throw new FederationFailedException(federation.issuer() + " returned no ID token");
        }
        Jwt jwt;
        try {
            jwt = decoder(federation, upstream).decode(value);
        } catch (JwtException e) {
            throw new FederationFailedException("ID token from " + federation.issuer() + " does not verify", e);
        }
        if (!MessageDigest.isEqual(
                pending.nonce().getBytes(StandardCharsets.UTF_8),
                String.valueOf(jwt.getClaimAsString("nonce")).getBytes(StandardCharsets.UTF_8))) {
            throw new FederationFailedException("ID token nonce does not match the login in progress");
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new FederationFailedException("ID token has no subject");
        }
        return subject;
    }

    private Metadata metadata(Federation federation) {
        return metadata.computeIfAbsent(federation.issuer(), issuer -> {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            Map<?, ?> document;
            try {
                document = http.get()
                        .uri(base + "/.well-known/openid-configuration")
                        .accept(MediaType.APPLICATION_JSON)
                        .retrieve()
                        .body(Map.class);
            } catch (RestClientException e) {
                throw new FederationFailedException("discovery of " + issuer + " failed", e);
            }
            if (document == null || !issuer.equals(document.get("issuer"))) {
                throw new FederationFailedException("discovery document of " + issuer + " names another issuer");
            }
            return new Metadata(
                    issuer,
                    required(document, "authorization_endpoint"),
                    required(document, "token_endpoint"),
                    required(document, "jwks_uri"));
        });
    }

    private JwtDecoder decoder(Federation federation, Metadata upstream) {
        return decoders.computeIfAbsent(federation.issuer() + " " + federation.clientId(), key -> {
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withJwkSetUri(upstream.jwksUri()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(upstream.issuer()),
                    new JwtClaimValidator<List<String>>(
                            "aud", audience -> audience != null && audience.contains(federation.clientId()))));
            return decoder;
        });
    }

    private static String required(Map<?, ?> document, String key) {
        if (!(document.get(key) instanceof String value) || value.isBlank()) {
            throw new FederationFailedException("discovery document lacks " + key);
        }
        return value;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
