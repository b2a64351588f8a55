package cn.hotline.tenant.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FederationSettingsTest {

    @Test
    void openidIsAlwaysAskedForFirstAndScopesAreNotRepeated() {
        FederationSettings settings = new FederationSettings(
                "https://ias.example.gov.cn/oidc", "cc", "s", List.of("profile", "openid", "profile"), null);

        assertThat(settings.scopes()).containsExactly("openid", "profile");
    }

    @Test
    void refusesAnIssuerThatIsNotAnAbsoluteHttpUrl() {
        for (String issuer : List.of("ftp://x.example", "ias.example.gov.cn", "https://x.example/?a=1", "")) {
            assertThatThrownBy(() -> new FederationSettings(issuer, "cc", "s", null, null))
                    .as(issuer)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("issuer");
        }
    }

    @Test
    void refusesABlankSecretButAcceptsAMissingOne() {
        assertThatThrownBy(() -> new FederationSettings("https://x.example", "cc", " ", null, null))
                .hasMessageContaining("clientSecret");
        assertThat(new FederationSettings("https://x.example", "cc", null, null, null).clientSecret())
                .isNull();
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new FederationSettings("https://x.example", "cc", "top-secret", null, null).toString())
                .doesNotContain("top-secret");
        assertThat(new UpstreamProvider("https://x.example", "cc", "top-secret", List.of("openid"), null).toString())
                .doesNotContain("top-secret");
    }
}
