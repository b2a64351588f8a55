package cn.hotline.ticket.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Attachments on real S3Mock and PostgreSQL: an upload is stored in S3 with its SHA-256, recorded in the ledger and in
 * the metadata table, listed, and downloaded through an audited presigned link; the tenant's limits refuse empty,
 * too-big and wrong-type files with their codes and nothing stored; other tenants and other units see nothing.
 */
@TicketServiceTest
class TicketAttachmentIT {

    /** The smallest JPEG header our signature check accepts, plus some bytes. */
    static final byte[] PHOTO = jpeg(3000);

    @LocalServerPort
    int port;

    WebTestClient http;
    Tickets t;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        t = new Tickets(http);
    }

    static byte[] jpeg(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        return bytes;
    }

    /**
     * A multipart body written by hand with a fixed boundary (the client's own writer seeds a SecureRandom for a
     * boundary on the event loop, which BlockHound refuses).
     */
    WebTestClient.ResponseSpec upload(String token, String ticket, String name, String type, byte[] bytes) {
        String boundary = "hotline-test-boundary-7MA4YWxkTrZu0gW";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(utf8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n现场照片\r\n--" + boundary + "--\r\n")
                .getBytes(utf8));
        return http.post()
                .uri("/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(body.toByteArray())
                .exchange();
    }

    JsonNode json(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void anUploadIsStoredWithItsHashRecordedInTheLedgerAndDownloadedThroughAnAuditedLink() throws Exception {
        String ticket = t.open();

        JsonNode created = json(upload(t.clerk, ticket, "噪音现场.jpg", "image/jpeg", PHOTO), 201);

        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PHOTO));
        assertThat(created.path("sha256").stringValue()).isEqualTo(sha);
        assertThat(created.path("size").asLong()).isEqualTo(PHOTO.length);
        assertThat(created.path("name").stringValue()).isEqualTo("噪音现场.jpg");
        assertThat(created.path("uploadedBy").stringValue()).startsWith("user:");
        String attachment = created.path("id").stringValue();

        JsonNode ledger = json(t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, ticket), 200);
        JsonNode last = ledger.get(ledger.size() - 1);
        assertThat(last.path("type").stringValue()).isEqualTo("NoteAdded");
        assertThat(last.path("seq").asInt()).isEqualTo(created.path("ledgerSeq").asInt());
        assertThat(last.path("details").toString())
                .contains("噪音现场.jpg")
                .contains(sha)
                .contains("现场照片");
        assertThat(last.path("attachments").get(0).path("key").stringValue())
                .isEqualTo(t.tenant + "/" + ticket + "/" + attachment);

        JsonNode listed = json(t.get(t.clerk, "/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket), 200);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").stringValue()).isEqualTo(attachment);

        Instant before = Instant.now();
        JsonNode link = json(
                http.post()
                        .uri("/tenants/{t}/tickets/{id}/attachments/{a}/link", t.tenant, ticket, attachment)
                        .headers(h -> h.setBearerAuth(t.agent))
                        .exchange(),
                200);
        assertThat(Instant.parse(link.path("validUntil").stringValue()))
                .isBetween(before.plus(Duration.ofMinutes(4)), before.plus(Duration.ofMinutes(6)));
        URI url = URI.create(link.path("url").stringValue());
        assertThat(url.getQuery()).contains("X-Amz-Signature").contains("X-Amz-Expires=300");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PHOTO);
        assertThat(count(
                        "SELECT count(*) FROM ticket_attachment_access WHERE tenant_id = ? AND attachment_id = ?"
                                + " AND who LIKE 'user:%'",
                        t.tenant, UUID.fromString(attachment)))
                .isEqualTo(1);
        String supervisor = TestTokens.user(t.tenant, Role.SUPERVISOR);
        JsonNode audit = json(
                t.get(supervisor, "/tenants/{t}/tickets/{id}/attachments/{a}/accesses", t.tenant, ticket, attachment),
                200);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("who").stringValue()).startsWith("user:");
        assertThat(Instant.parse(audit.get(0).path("validUntil").stringValue()))
                .isEqualTo(Instant.parse(link.path("validUntil").stringValue()));
        t.get(t.agent, "/tenants/{t}/tickets/{id}/attachments/{a}/accesses", t.tenant, ticket, attachment)
                .expectStatus()
                .isForbidden();
    }

    @Test
    void emptyTooBigAndWrongTypeFilesAreRefusedWithTheirCodesAndNothingIsStored() {
        String ticket = t.open();
        String admin = TestTokens.user(t.tenant, Role.TENANT_ADMIN);
        json(
                http.put()
                        .uri("/tenants/{t}/attachment-policy", t.tenant)
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("maxBytes", 2000, "contentTypes", List.of("image/jpeg", "application/pdf")))
                        .exchange(),
                200);

        JsonNode empty = json(upload(t.clerk, ticket, "a.jpg", "image/jpeg", new byte[0]), 400);
        assertThat(empty.path("code").stringValue()).isEqualTo("VALIDATION_FAILED");
        assertThat(empty.path("reason").stringValue()).isEqualTo("EMPTY");
        JsonNode big = json(upload(t.clerk, ticket, "a.jpg", "image/jpeg", PHOTO), 413);
        assertThat(big.path("code").stringValue()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(big.path("maxBytes").asLong()).isEqualTo(2000);
        JsonNode type = json(upload(t.clerk, ticket, "a.exe", "application/x-msdownload", jpeg(100)), 415);
        assertThat(type.path("code").stringValue()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        JsonNode disguised = json(upload(t.clerk, ticket, "a.pdf", "application/pdf", jpeg(100)), 415);
        assertThat(disguised.path("reason").stringValue()).isEqualTo("CONTENT_MISMATCH");
        JsonNode tooHigh = json(
                http.put()
                        .uri("/tenants/{t}/attachment-policy", t.tenant)
                        .headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("maxBytes", 1L << 40, "contentTypes", List.of("image/jpeg")))
                        .exchange(),
                400);
        assertThat(tooHigh.path("field").stringValue()).isEqualTo("maxBytes");

        assertThat(count("SELECT count(*) FROM ticket_attachment WHERE tenant_id = ?", t.tenant))
                .isZero();
        JsonNode ledger = json(t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, ticket), 200);
        assertThat(ledger).hasSize(1);
        json(upload(t.clerk, ticket, "small.jpg", "image/jpeg", jpeg(1500)), 201);
    }

    @Test
    void anArchivedCaseFileTakesNoAttachmentAndTheRefusedFileLeavesNoObject() {
        String ticket = t.open();
        t.ok(t.clerk, ticket, "answer", Map.of("text", "已解答"));
        t.ok(t.clerk, ticket, "close", Map.of("text", "办结"));
        t.ok(t.clerk, ticket, "archive", Map.of());

        JsonNode refused = json(upload(t.clerk, ticket, "late.jpg", "image/jpeg", PHOTO), 409);
        assertThat(refused.path("code").stringValue()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat(count("SELECT count(*) FROM ticket_attachment WHERE tenant_id = ?", t.tenant))
                .isZero();
        assertThat(objectsUnder(t.tenant + "/" + ticket + "/")).isZero();
    }

    @Test
    void otherTenantsAndUnitsThatDoNotHandleTheTicketSeeNothing() {
        String ticket = t.open();
        String attachment = json(upload(t.clerk, ticket, "p.jpg", "image/jpeg", PHOTO), 201)
                .path("id")
                .stringValue();
        t.ok(t.clerk, ticket, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));

        String other = TestTokens.user(Tickets.freshTenant(), Role.TICKET_CLERK);
        http.get()
                .uri("/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket)
                .headers(h -> h.setBearerAuth(other))
                .exchange()
                .expectStatus()
                .isNotFound();
        String stranger = t.unitUser("qingxiu-cgj");
        t.get(stranger, "/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket)
                .expectStatus()
                .isNotFound();
        http.post()
                .uri("/tenants/{t}/tickets/{id}/attachments/{a}/link", t.tenant, ticket, attachment)
                .headers(h -> h.setBearerAuth(stranger))
                .exchange()
                .expectStatus()
                .isNotFound();
        // the handling unit sees it and, once it signed for the ticket, adds its own
        String jtj = t.unitUser("qingxiu-jtj");
        assertThat(json(t.get(jtj, "/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket), 200))
                .hasSize(1);
        t.ok(jtj, ticket, "sign-for", Map.of());
        json(upload(jtj, ticket, "整改.jpg", "image/jpeg", PHOTO), 201);
        assertThat(json(t.get(t.clerk, "/tenants/{t}/tickets/{id}/attachments", t.tenant, ticket), 200))
                .hasSize(2);
        assertThat(count("SELECT count(*) FROM ticket_attachment_access WHERE tenant_id = ?", t.tenant))
                .isZero();
    }

    /** Objects in the attachments bucket under {@code prefix}, listed straight from S3 (path-style, signed). */
    static long objectsUnder(String prefix) {
        StackEndpoints stack = TestStack.endpoints();
        io.minio.MinioClient s3 = io.minio.MinioClient.builder()
                .endpoint(stack.s3Endpoint().toString())
                .region(stack.s3Region())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build();
        long n = 0;
        for (var ignored : s3.listObjects(io.minio.ListObjectsArgs.builder()
                .bucket("cc-ticket-attachments")
                .prefix(prefix)
                .recursive(true)
                .build())) {
            n++;
        }
        return n;
    }

    static long count(String sql, Object... args) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_ticket"), stack.pgSuperuser(), stack.pgSuperpassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
