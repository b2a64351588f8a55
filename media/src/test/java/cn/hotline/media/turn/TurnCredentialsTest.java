package cn.hotline.media.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");
    private static final TurnProperties PROPERTIES = new TurnProperties(
            List.of("turn:127.0.0.1:3478?transport=udp"), "north-wind-secret", Duration.ofMinutes(5));

    @Test
    void usernameCarriesTheExpiryTheTenantAndTheUser() {
        TurnCredential credential = new TurnCredentials(PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC))
                .issue(TenantId.of("shushan"), "agent-7");

        assertThat(credential.username()).isEqualTo(NOW.plusSeconds(300).getEpochSecond() + ":shushan.agent-7");
        assertThat(credential.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(credential.uris()).containsExactly("turn:127.0.0.1:3478?transport=udp");
    }

    @Test
    void passwordIsTheBase64HmacSha1OfTheUsername() {
        // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(TurnCredentials.hmac("Jefe", "what do ya want for nothing?"))
                .isEqualTo("7/zfauXrL6LSdBbV8YTfnCWafHk=");
    }

    @Test
    void credentialsLiveAtMostTenMinutes() {
        assertThatThrownBy(() ->
                        new TurnProperties(List.of("turn:127.0.0.1:3478"), "north-wind-secret", Duration.ofMinutes(11)))
                .hasMessageContaining("at most 10 minutes");
        assertThatThrownBy(() ->
                        new TurnProperties(List.of("stun:127.0.0.1:3478"), "north-wind-secret", Duration.ofMinutes(1)))
                .hasMessageContaining("turn: or turns:");
    }

    @Test
    void refusesUserNamesThatCouldForgeTheFormat() {
        TurnCredentials credentials = new TurnCredentials(PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> credentials.issue(TenantId.of("shushan"), "9999999999:other"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
