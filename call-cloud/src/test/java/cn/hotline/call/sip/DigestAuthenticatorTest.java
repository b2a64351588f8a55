package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    private static final TrunkProfile.Credentials CARRIER =
            new TrunkProfile.Credentials("hotline.example", "telecom-ah", "s3cret-trunk");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T01:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final DigestAuthenticator digest = new DigestAuthenticator(clock, Duration.ofMinutes(5));

    private static DigestAuthenticator.Answer answer(String nonce, String password, String qop) {
        String uri = "sip:12345@hotline.example";
        String ha1 = DigestAuthenticator.md5("telecom-ah:hotline.example:" + password);
        String ha2 = DigestAuthenticator.md5("INVITE:" + uri);
        String response = qop == null
                ? DigestAuthenticator.md5(ha1 + ":" + nonce + ":" + ha2)
                : DigestAuthenticator.md5(ha1 + ":" + nonce + ":00000001:abcdef:" + qop + ":" + ha2);
        return new DigestAuthenticator.Answer(
                "telecom-ah",
                "hotline.example",
                nonce,
                uri,
                response,
                qop,
                qop == null ? null : "abcdef",
                qop == null ? null : "00000001");
    }

    @Test
    void acceptsTheRightAnswerWithAndWithoutQop() {
        String nonce = digest.nonce();
        assertThat(digest.verify(answer(nonce, "s3cret-trunk", "auth"), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.VALID);
        assertThat(digest.verify(answer(nonce, "s3cret-trunk", null), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.VALID);
    }

    @Test
    void refusesAWrongPasswordOrAForgedNonce() {
        String nonce = digest.nonce();
        assertThat(digest.verify(answer(nonce, "wrong-password", "auth"), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.INVALID);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1:abc".getBytes());
        assertThat(digest.verify(answer(forged, "s3cret-trunk", "auth"), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.INVALID);
        String otherInstance = new DigestAuthenticator(clock, Duration.ofMinutes(5)).nonce();
        assertThat(digest.verify(answer(otherInstance, "s3cret-trunk", "auth"), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.INVALID);
    }

    @Test
    void anOldNonceIsStale() {
        String nonce = digest.nonce();
        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThat(digest.verify(answer(nonce, "s3cret-trunk", "auth"), "INVITE", CARRIER))
                .isEqualTo(DigestAuthenticator.Verdict.STALE);
    }
}
