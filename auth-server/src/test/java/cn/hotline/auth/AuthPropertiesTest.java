package cn.hotline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthPropertiesTest {

    private static AuthProperties with(Duration accessTtl, String issuerBase) {
        return new AuthProperties(
                URI.create("http://ts"),
                "t",
                URI.create("http://gw/"),
                "s",
                Duration.ofSeconds(30),
                accessTtl,
                Duration.ofHours(13),
                issuerBase);
    }

    @Test
    void refusesAccessTokensLivingLongerThanTenMinutes() {
        assertThatThrownBy(() -> with(Duration.ofMinutes(11), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 min");
        assertThat(with(Duration.ofMinutes(10), null).accessTokenTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aBlankIssuerBaseMeansFromTheRequestAndARelativeOneIsRefused() {
        assertThat(with(Duration.ofMinutes(5), " ").issuerBase()).isNull();
        assertThatThrownBy(() -> with(Duration.ofMinutes(5), "/api/auth")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gatewayBaseHasNoTrailingSlash() {
        assertThat(with(Duration.ofMinutes(5), null).gatewayBase()).isEqualTo("http://gw");
    }
}
