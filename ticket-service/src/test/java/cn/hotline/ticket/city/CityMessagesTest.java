package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CityMessagesTest {

    @Test
    void aChangeNeedsAKeyThatCanTravelAsAWebhookId() {
        assertThatThrownBy(() -> new CityChange("short", CityChange.Kind.CLOSED, "SZ-1", null, Instant.EPOCH, Map.of()))
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() -> new CityChange(
                        "has spaces in it", CityChange.Kind.CLOSED, "SZ-1", null, Instant.EPOCH, Map.of()))
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() ->
                        new CityChange("ticket-1:ledger-7", CityChange.Kind.CLOSED, " ", null, Instant.EPOCH, Map.of()))
                .isInstanceOf(CityFields.InvalidField.class)
                .hasMessageContaining("cityTicketNo");
        assertThat(new CityChange("ticket-1:ledger-7", CityChange.Kind.CLOSED, "SZ-1", null, Instant.EPOCH, null)
                        .data())
                .isEmpty();
    }

    @Test
    void aPushEndpointNeedsAnHttpUrlAndAPullEndpointNone() {
        assertThatThrownBy(() -> new CityEndpoint(CityEndpoint.Mode.PUSH, null, null))
                .isInstanceOf(CityFields.InvalidField.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> new CityEndpoint(CityEndpoint.Mode.PUSH, URI.create("ftp://city.example/x"), null))
                .hasMessageContaining("url");
        assertThat(new CityEndpoint(CityEndpoint.Mode.PULL, null, null).mapping())
                .isEqualTo(FieldMapping.IDENTITY);
    }

    @Test
    void aTransferNamesTheFirstBrokenField() {
        assertThatThrownBy(() -> new CityTicket(
                        "SZ-1", "", "content", null, CityTicket.Urgency.NORMAL, null, null, false, null, null))
                .isInstanceOfSatisfying(CityFields.InvalidField.class, e -> assertThat(e.field())
                        .isEqualTo("title"));
        assertThatThrownBy(() -> new CityTicket(
                        "SZ-1", "t", "c", null, CityTicket.Urgency.NORMAL, null, "1".repeat(33), false, null, null))
                .isInstanceOfSatisfying(CityFields.InvalidField.class, e -> assertThat(e.field())
                        .isEqualTo("callerPhone"));
    }

    /** Many random messages: a signature verifies exactly its own id, timestamp and body. */
    @Test
    void anyChangeToIdTimestampOrBodyBreaksTheSignature() {
        Random random = new Random(20261124);
        for (int round = 0; round < 500; round++) {
            WebhookSecret secret = new WebhookSecret(bytes(random, 24 + random.nextInt(41)));
            byte[] body = bytes(random, random.nextInt(300));
            String id = "msg_" + Long.toHexString(random.nextLong());
            long at = 1_700_000_000L + random.nextInt(100_000_000);
            String signature = WebhookSignatures.sign(id, at, body, List.of(secret));
            Instant now = Instant.ofEpochSecond(at + random.nextInt(601) - 300);
            assertThat(verify(id, at, signature, body, secret, now))
                    .isInstanceOf(WebhookSignatures.Verification.Verified.class);
            byte[] tampered = body.length == 0 ? new byte[] {1} : body.clone();
            if (body.length > 0) {
                tampered[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
            }
            assertThat(verify(id, at, signature, tampered, secret, now))
                    .isInstanceOf(WebhookSignatures.Verification.Rejected.class);
            assertThat(verify(id + "x", at, signature, body, secret, now))
                    .isInstanceOf(WebhookSignatures.Verification.Rejected.class);
            assertThat(verify(id, at + 1, signature, body, secret, now))
                    .isInstanceOf(WebhookSignatures.Verification.Rejected.class);
        }
    }

    private static WebhookSignatures.Verification verify(
            String id, long at, String signature, byte[] body, WebhookSecret secret, Instant now) {
        return WebhookSignatures.verify(
                id, Long.toString(at), signature, body, List.of(secret), now, Duration.ofMinutes(5));
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return length == 0 ? "".getBytes(StandardCharsets.UTF_8) : bytes;
    }
}
