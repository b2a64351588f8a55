package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookSignaturesTest {

    /** The vector set in test resources, generated with Python's hmac, independently of this code. */
    static List<JsonNode> vectors() throws IOException {
        try (InputStream in =
                Objects.requireNonNull(WebhookSignaturesTest.class.getResourceAsStream("/city/webhook-vectors.json"))) {
            List<JsonNode> vectors = new ArrayList<>();
            JsonMapper.builder().build().readTree(in).path("vectors").forEach(vectors::add);
            return vectors;
        }
    }

    static String header(JsonNode vector, String name) {
        JsonNode value = vector.path("headers").get(name);
        return value == null ? null : value.stringValue();
    }

    @TestFactory
    Stream<DynamicTest> everyVectorGetsItsExpectedVerdict() throws IOException {
        List<JsonNode> vectors = vectors();
        assertThat(vectors)
                .extracting(v -> v.path("name").stringValue())
                .contains(
                        "valid",
                        "multi-signature-new-secret",
                        "tampered-body",
                        "wrong-secret",
                        "stale-timestamp",
                        "missing-signature");
        return vectors.stream()
                .map(vector -> DynamicTest.dynamicTest(vector.path("name").stringValue(), () -> {
                    List<WebhookSecret> secrets = new ArrayList<>();
                    vector.path("secrets").forEach(s -> secrets.add(WebhookSecret.parse(s.stringValue())));
                    WebhookSignatures.Verification verdict = WebhookSignatures.verify(
                            header(vector, "webhook-id"),
                            header(vector, "webhook-timestamp"),
                            header(vector, "webhook-signature"),
                            vector.path("body").stringValue().getBytes(StandardCharsets.UTF_8),
                            secrets,
                            Instant.ofEpochSecond(vector.path("now").longValue()),
                            WebhookSignatures.DEFAULT_TOLERANCE);
                    String expected = vector.path("expect").stringValue();
                    if (expected.equals("VERIFIED")) {
                        assertThat(verdict).isInstanceOf(WebhookSignatures.Verification.Verified.class);
                    } else {
                        assertThat(verdict)
                                .isInstanceOfSatisfying(
                                        WebhookSignatures.Verification.Rejected.class,
                                        r -> assertThat(r.reason().name()).isEqualTo(expected));
                    }
                }));
    }

    @Test
    void ourSignatureMatchesTheVectorsSignature() throws IOException {
        JsonNode valid = vectors().getFirst();
        WebhookSecret secret = WebhookSecret.parse(valid.path("secrets").get(0).stringValue());
        String signature = WebhookSignatures.sign(
                header(valid, "webhook-id"),
                Long.parseLong(header(valid, "webhook-timestamp")),
                valid.path("body").stringValue().getBytes(StandardCharsets.UTF_8),
                List.of(secret));
        assertThat(signature).isEqualTo(header(valid, "webhook-signature"));
    }

    @Test
    void signsWithEverySecretSoTheOtherSideCanRotate() {
        WebhookSecret old = WebhookSecret.generate();
        WebhookSecret fresh = WebhookSecret.generate();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String both = WebhookSignatures.sign("id-1", 1000, body, List.of(old, fresh));
        assertThat(both.split(" ")).hasSize(2).allMatch(entry -> entry.startsWith("v1,"));
        for (WebhookSecret held : List.of(old, fresh)) {
            assertThat(WebhookSignatures.verify(
                            "id-1",
                            "1000",
                            both,
                            body,
                            List.of(held),
                            Instant.ofEpochSecond(1000),
                            WebhookSignatures.DEFAULT_TOLERANCE))
                    .isInstanceOf(WebhookSignatures.Verification.Verified.class);
        }
    }

    @Test
    void refusesSecretsWithoutThePrefixOrTooShort() {
        assertThatThrownBy(() -> WebhookSecret.parse("c2VjcmV0")).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64");
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_%%%")).hasMessageContaining("base64");
        WebhookSecret generated = WebhookSecret.generate();
        assertThat(WebhookSecret.parse(generated.encoded())).isEqualTo(generated);
        assertThat(generated.toString()).doesNotContain(generated.encoded().substring(6, 12));
    }
}
