package cn.hotline.kernel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class TenantTokensTest {

    private static final SecurityProperties PROPERTIES =
            new SecurityProperties(URI.create("http://auth:18084/"), null, null, null, null);

    private static Jwt jwt(Map<String, Object> claims) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
    }

    @Test
    void issuerMustBeTheClaimedTenantsOwn() {
        var rule = TenantTokens.tenantIssuerRule(PROPERTIES);

        assertThat(rule.validate(jwt(Map.of("iss", "http://auth:18084/t/shushan", "tenant", "shushan")))
                        .hasErrors())
                .isFalse();
        assertThat(rule.validate(jwt(Map.of("iss", "http://auth:18084/t/nanning", "tenant", "shushan")))
                        .hasErrors())
                .isTrue();
        assertThat(rule.validate(jwt(Map.of("iss", "http://evil:18084/t/shushan", "tenant", "shushan")))
                        .hasErrors())
                .isTrue();
        assertThat(rule.validate(jwt(Map.of("iss", "http://auth:18084/t/shushan")))
                        .hasErrors())
                .isTrue();
        assertThat(rule.validate(jwt(Map.of("iss", "http://auth:18084/t/../x", "tenant", "../x")))
                        .hasErrors())
                .isTrue();
    }

    @Test
    void claimsBecomeTheCallerAndUnknownRolesAreIgnored() {
        Caller caller = TenantTokens.caller(jwt(Map.of(
                "sub", "u-1",
                "tenant", "nanning",
                "scope_unit", "unit:qingxiu-jtj",
                "roles", List.of("UNIT_USER", "SUPER_ADMIN"),
                "name", "李四")));

        assertThat(caller.subject()).isEqualTo("u-1");
        assertThat(caller.tenant().value()).isEqualTo("nanning");
        assertThat(caller.scope())
                .hasValueSatisfying(s -> assertThat(s.isHandlingUnit()).isTrue());
        assertThat(caller.roles()).containsExactly(Role.UNIT_USER);
        assertThat(caller.name()).isEqualTo("李四");
    }

    @Test
    void claimsThatDescribeNoValidCallerMakeTheTokenInvalid() {
        Jwt foreignWorkstation = jwt(
                Map.of("sub", "u-1", "tenant", "shushan", "scope_unit", "nanning.qingxiu", "roles", List.of("AGENT")));

        assertThatThrownBy(() -> TenantTokens.authenticationConverter()
                        .convert(foreignWorkstation)
                        .block())
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void testTokensPublicKeyParses() {
        assertThat(TenantTokens.parsePublicKey(TestTokens.publicKeyPem())
                        .getModulus()
                        .bitLength())
                .isEqualTo(2048);
        assertThatThrownBy(() -> TenantTokens.parsePublicKey("not a key")).isInstanceOf(IllegalArgumentException.class);
    }
}
