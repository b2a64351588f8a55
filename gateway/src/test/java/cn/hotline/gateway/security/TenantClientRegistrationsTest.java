package cn.hotline.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.SecurityProperties;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

class TenantClientRegistrationsTest {

    private static final SecurityProperties SECURITY =
            new SecurityProperties(URI.create("http://auth.internal:18084/"), null, null, null, null);

    private static BffProperties bff(URI browserIssuerBase) {
        return bff(browserIssuerBase, null);
    }

    private static BffProperties bff(URI browserIssuerBase, URI backchannelIssuerBase) {
        return new BffProperties(
                "console-bff",
                "s3cret",
                browserIssuerBase,
                backchannelIssuerBase,
                List.of("openid", "profile"),
                "CC_SESSION",
                false,
                java.time.Duration.ofHours(13),
                java.time.Duration.ofSeconds(60),
                "/");
    }

    @Test
    void eachTenantHasTheConfidentialClientOnItsOwnIssuer() {
        ClientRegistration shushan = new TenantClientRegistrations(SECURITY, bff(null))
                .findByRegistrationId("shushan")
                .block();

        assertThat(shushan).isNotNull();
        assertThat(shushan.getClientId()).isEqualTo("console-bff");
        assertThat(shushan.getClientSecret()).isEqualTo("s3cret");
        assertThat(shushan.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(shushan.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(shushan.getProviderDetails().getIssuerUri()).isEqualTo("http://auth.internal:18084/t/shushan");
        assertThat(shushan.getProviderDetails().getTokenUri())
                .isEqualTo("http://auth.internal:18084/t/shushan/oauth2/token");
        assertThat(shushan.getProviderDetails().getJwkSetUri())
                .isEqualTo("http://auth.internal:18084/t/shushan/oauth2/jwks");
        assertThat(shushan.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
        assertThat(shushan.getScopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void browsersAreSentToTheBrowserFacingIssuerBase() {
        ClientRegistration nanning = new TenantClientRegistrations(
                        SECURITY, bff(URI.create("https://hotline.example.cn/api/auth")))
                .findByRegistrationId("nanning")
                .block();

        assertThat(nanning.getProviderDetails().getAuthorizationUri())
                .isEqualTo("https://hotline.example.cn/api/auth/t/nanning/oauth2/authorize");
        assertThat(nanning.getProviderDetails().getTokenUri())
                .isEqualTo("http://auth.internal:18084/t/nanning/oauth2/token");
    }

    @Test
    void onlyTenantSlugsHaveRegistrations() {
        TenantClientRegistrations registrations = new TenantClientRegistrations(SECURITY, bff(null));

        assertThat(registrations.findByRegistrationId("Shushan").blockOptional())
                .isEmpty();
        assertThat(registrations.findByRegistrationId("../evil").blockOptional())
                .isEmpty();
        assertThat(registrations.findByRegistrationId("x").blockOptional()).isEmpty();
        assertThat(registrations.findByRegistrationId("platform").blockOptional())
                .hasValueSatisfying(
                        r -> assertThat(r.getProviderDetails().getIssuerUri()).endsWith("/t/platform"));
    }

    @Test
    void withPublicIssuersTheBrowserGoesThroughTheGatewayAndTheGatewayFetchesTokensFromAuthServerDirectly() {
        // ./run --public-host: issuers (and the tokens' iss) are public, auth-server listens on loopback
        SecurityProperties publicIssuers = new SecurityProperties(
                URI.create("https://agents.example.test:18080/api/auth"), null, null, null, null);
        ClientRegistration registration = new TenantClientRegistrations(
                        publicIssuers,
                        bff(
                                URI.create("https://agents.example.test:18080/api/auth"),
                                URI.create("http://127.0.0.1:40001")))
                .findByRegistrationId("shushan")
                .block();

        assertThat(registration).isNotNull();
        assertThat(registration.getProviderDetails().getIssuerUri())
                .isEqualTo("https://agents.example.test:18080/api/auth/t/shushan");
        assertThat(registration.getProviderDetails().getAuthorizationUri())
                .isEqualTo("https://agents.example.test:18080/api/auth/t/shushan/oauth2/authorize");
        assertThat(registration.getProviderDetails().getTokenUri())
                .isEqualTo("http://127.0.0.1:40001/t/shushan/oauth2/token");
        assertThat(registration.getProviderDetails().getJwkSetUri())
                .isEqualTo("http://127.0.0.1:40001/t/shushan/oauth2/jwks");
    }
}
