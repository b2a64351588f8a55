package cn.hotline.kernel.testing;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.SecurityProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Access tokens for tests, signed with one RSA key per JVM, shaped like auth-server's (ADR 0002 §2).
 * Hand the public key to the service under test with {@link #register(DynamicPropertyRegistry)} in a
 * {@code @DynamicPropertySource} method, or with {@code @ContextConfiguration(initializers =
 * TestTokens.Initializer.class)}; then mint tokens:
 *
 * <pre>{@code
 * String agent = TestTokens.user("shushan", Set.of(Role.AGENT), null);
 * http.get().uri("/tenants/shushan/x").headers(h -> h.setBearerAuth(agent))...
 * }</pre>
 */
public final class TestTokens {

    /** The issuer base the tokens are minted for: the default of {@code cc.security.issuer-base}. */
    public static final String ISSUER_BASE = SecurityProperties.DEFAULT_ISSUER_BASE.toString();

    /** An issuer base no service trusts. */
    public static final String FOREIGN_ISSUER_BASE = "https://login.example.org";

    /** The internal token the services get from {@link #properties()}. */
    public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";

    private static final KeyPair KEYS = generate();

    private TestTokens() {}

    /** The public key, in PEM, for {@code cc.security.public-key}. */
    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The {@code cc.security.*} properties a service under test needs to trust these tokens. */
    public static Map<String, Object> properties() {
        return Map.of(
                "cc.security.issuer-base", ISSUER_BASE,
                "cc.security.public-key", publicKeyPem(),
                "cc.security.internal-token", INTERNAL_TOKEN);
    }

    /** For a {@code @DynamicPropertySource} method. */
    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Adds {@link #properties()} before the context refreshes, with the highest precedence. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testTokens", properties()));
        }
    }

    /** A user of {@code tenant} with {@code roles}, narrowed to {@code scopeUnit} when it is not null. */
    public static String user(String tenant, Collection<Role> roles, @Nullable String scopeUnit) {
        return mint(claims -> {
            claims.issuer(ISSUER_BASE + "/t/" + tenant)
                    .subject(UUID.randomUUID().toString())
                    .claim("tenant", tenant)
                    .claim("roles", codes(roles))
                    .claim("name", "测试用户");
            if (scopeUnit != null) {
                claims.claim("scope_unit", scopeUnit);
            }
        });
    }

    /** A user of {@code tenant} with {@code roles}, for the whole tenant. */
    public static String user(String tenant, Role... roles) {
        return user(tenant, Arrays.asList(roles), null);
    }

    /** The platform operator (tenant {@code platform}, role {@code OPERATOR}). */
    public static String operator() {
        return mint(claims -> claims.issuer(ISSUER_BASE + "/t/platform")
                .subject("operator")
                .claim("tenant", "platform")
                .claim("roles", List.of(Role.OPERATOR.name()))
                .claim("name", "平台运维"));
    }

    /** A client-credentials token of {@code tenant}'s API client (role {@code CITY_PLATFORM}). */
    public static String client(String tenant, String clientId) {
        return mint(claims -> claims.issuer(ISSUER_BASE + "/t/" + tenant)
                .subject(clientId)
                .claim("tenant", tenant)
                .claim("roles", List.of(Role.CITY_PLATFORM.name())));
    }

    /** A token of {@code tenant} that expired a minute ago. */
    public static String expired(String tenant, Role... roles) {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        return mint(claims -> claims.issuer(ISSUER_BASE + "/t/" + tenant)
                .subject(UUID.randomUUID().toString())
                .claim("tenant", tenant)
                .claim("roles", codes(Arrays.asList(roles)))
                .issueTime(Date.from(past))
                .notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofMinutes(5)))));
    }

    /** A correctly signed token of {@code tenant} whose issuer is not ours. */
    public static String foreignIssuer(String tenant, Role... roles) {
        return mint(claims -> claims.issuer(FOREIGN_ISSUER_BASE + "/t/" + tenant)
                .subject(UUID.randomUUID().toString())
                .claim("tenant", tenant)
                .claim("roles", codes(Arrays.asList(roles))));
    }

    /** A token whose issuer is one tenant's and whose {@code tenant} claim is another's. */
    public static String issuerOfAnotherTenant(String issuerTenant, String claimedTenant, Role... roles) {
        return mint(claims -> claims.issuer(ISSUER_BASE + "/t/" + issuerTenant)
                .subject(UUID.randomUUID().toString())
                .claim("tenant", claimedTenant)
                .claim("roles", codes(Arrays.asList(roles))));
    }

    /** The internal token of {@link #properties()}. */
    public static String internalToken() {
        return INTERNAL_TOKEN;
    }

    /**
     * Mints a token with 5 minutes of validity and a fresh {@code jti}, after {@code customizer} set
     * the rest; {@code customizer} may override any of it.
     */
    public static String mint(Consumer<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        customizer.accept(claims);
        return sign(claims.build(), (RSAPrivateKey) KEYS.getPrivate());
    }

    /** Signs with a key no service trusts. */
    public static String signedWithUnknownKey(String tenant, Role... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER_BASE + "/t/" + tenant)
                .subject(UUID.randomUUID().toString())
                .claim("tenant", tenant)
                .claim("roles", codes(Arrays.asList(roles)))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .build();
        return sign(claims, (RSAPrivateKey) generate().getPrivate());
    }

    private static String sign(JWTClaimsSet claims, RSAPrivateKey key) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("test")
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static List<String> codes(Collection<Role> roles) {
        return roles.stream().map(Role::name).toList();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
