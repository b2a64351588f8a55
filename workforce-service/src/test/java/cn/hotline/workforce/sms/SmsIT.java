package cn.hotline.workforce.sms;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.SmscServer;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.workforce.testing.Multipart;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * SMS through the API against real servers: PostgreSQL, Redis (token bucket), Pulsar (ticket events) and a real SMPP
 * server session (devstack's {@link SmscServer}, its own instance in this JVM so the test sees every submit) that answers
 * submits and sends delivery receipts.
 */
@WorkforceServiceTest
class SmsIT {

    static final String SMSC_SYSTEM_ID = "hotline-test";
    static final String SMSC_PASSWORD = "secret12";
    static final SmscServer SMSC;
    static final HttpServer STUBS;
    static final Map<String, String> CONTACTS = new ConcurrentHashMap<>();
    static final List<Map<String, String>> PROVIDER_CALLS = new CopyOnWriteArrayList<>();
    static final String PROVIDER_SECRET = "provider-secret-0123456789";

    static {
        try {
            SMSC = SmscServer.started(
                    SMSC_SYSTEM_ID,
                    SMSC_PASSWORD,
                    java.nio.file.Files.createTempDirectory("smsc").resolve("smsc.log"));
            STUBS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // ticket-service's internal reply-contact endpoint (ticket-service does not serve it yet)
            STUBS.createContext("/internal/tenants/", exchange -> {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                String phone = CONTACTS.get(parts[3] + "/" + parts[5]);
                boolean tokenOk = TestTokens.INTERNAL_TOKEN.equals(
                        exchange.getRequestHeaders().getFirst("X-Internal-Token"));
                byte[] body = phone == null || !tokenOk
                        ? new byte[0]
                        : ("{\"phone\":\"" + phone + "\",\"smsConsent\":true}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(
                        !tokenOk ? 401 : phone == null ? 404 : 200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // a cloud SMS provider: checks the signature, answers with its message id
            STUBS.createContext("/provider/send", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String ts = exchange.getRequestHeaders().getFirst("X-Timestamp");
                String nonce = exchange.getRequestHeaders().getFirst("X-Nonce");
                boolean signed = HttpSmsGateway.sign(PROVIDER_SECRET, ts + "\n" + nonce + "\n" + body)
                        .equals(exchange.getRequestHeaders().getFirst("X-Signature"));
                PROVIDER_CALLS.add(Map.of("body", body, "signed", String.valueOf(signed)));
                byte[] answer = signed
                        ? ("{\"messageId\":\"p-" + PROVIDER_CALLS.size() + "\"}").getBytes(StandardCharsets.UTF_8)
                        : "{\"error\":\"bad signature\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(signed ? 200 : 401, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            STUBS.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void smsc(DynamicPropertyRegistry registry) {
        registry.add("cc.workforce.sms.smpp.enabled", () -> "true");
        registry.add("cc.workforce.sms.smpp.port", SMSC::port);
        registry.add("cc.workforce.sms.smpp.system-id", () -> SMSC_SYSTEM_ID);
        registry.add("cc.workforce.sms.smpp.password", () -> SMSC_PASSWORD);
        registry.add("cc.workforce.sms.replies.tenant-refresh", () -> "PT1S");
        registry.add(
                "cc.workforce.sms.replies.ticket-service-url",
                () -> "http://127.0.0.1:" + STUBS.getAddress().getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        SMSC.close();
        STUBS.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    PulsarClient pulsar;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    SmsRecovery recovery;

    @Autowired
    cn.hotline.kernel.crypto.PersonalDataCipher cipher;

    WebTestClient http;
    String tenant;
    String admin;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = "sms-" + UUID.randomUUID().toString().substring(0, 8);
        admin = TestTokens.user(tenant, Role.TENANT_ADMIN);
    }

    @Test
    void sendsChineseInUcs2OverSmppAndShowsDeliveredAfterTheSmscsReceipt() {
        settings(Map.of("provider", "SMPP", "signName", "12345热线"));
        String template = template("回访", "${name}您好，您的诉求已受理，编号${ticket}。");

        Map<String, Object> sent = send(template, "+86 139-0013-9001", Map.of("name", "张三", "ticket", "A1001"));

        assertThat(sent.get("status")).isIn("SUBMITTED", "DELIVERED");
        assertThat(sent.get("to")).isEqualTo("139****9001");
        List<SmscServer.Submit> submits = SMSC.submitsTo("13900139001");
        assertThat(submits).hasSize(1);
        assertThat(submits.get(0).dataCoding()).isEqualTo((byte) 0x08);
        assertThat(submits.get(0).udhi()).isFalse();
        assertThat(submits.get(0).text()).isEqualTo("【12345热线】张三您好，您的诉求已受理，编号A1001。");
        Map<String, Object> delivered = awaitStatus((String) sent.get("id"), "DELIVERED");
        assertThat(delivered.get("deliveredSegments")).isEqualTo(1);
        assertThat(delivered.get("doneAt")).isNotNull();
    }

    @Test
    void splitsALongTextIntoUdhSegmentsAndIsDeliveredOnlyWhenEverySegmentIs() {
        settings(Map.of("provider", "SMPP", "signName", "医保12393"));
        String template = template("长通知", "${text}${text}");
        String sixty = "医".repeat(30) + "保".repeat(30);

        Map<String, Object> sent = send(template, "13900139002", Map.of("text", sixty));

        assertThat(sent.get("segments")).isEqualTo(2);
        List<SmscServer.Submit> submits = SMSC.submitsTo("13900139002");
        assertThat(submits).hasSize(2);
        assertThat(submits).allMatch(SmscServer.Submit::udhi);
        byte[] first = submits.get(0).payload();
        byte[] second = submits.get(1).payload();
        assertThat(new byte[] {first[0], first[1], first[2], first[4], first[5]})
                .containsExactly(0x05, 0x00, 0x03, 2, 1);
        assertThat(second[5]).isEqualTo((byte) 2);
        assertThat(second[3]).isEqualTo(first[3]);
        assertThat(submits.get(0).text() + submits.get(1).text()).isEqualTo("【医保12393】" + sixty + sixty);
        Map<String, Object> delivered = awaitStatus((String) sent.get("id"), "DELIVERED");
        assertThat(delivered.get("deliveredSegments")).isEqualTo(2);
    }

    @Test
    void anUndeliverableReceiptMarksTheMessageFailed() {
        settings(Map.of("provider", "SMPP", "signName", "12345"));
        String template = template("t", "通知${x}");
        Map<String, Object> sent = send(template, "13900000000", Map.of("x", "1"));
        Map<String, Object> failed = awaitStatus((String) sent.get("id"), "FAILED");
        assertThat((String) failed.get("error")).contains("UNDELIV");
    }

    @Test
    void refusesMessagesBeyondTheTenantsRateWithTooManyRequestsAndStoresNone() {
        // warm up (the SMPP bind) at a high rate, then allow one per second: the bucket shrinks to one token
        settings(Map.of("provider", "SMPP", "signName", "12345", "ratePerSecond", 1000));
        String template = template("t", "通知${x}");
        send(template, "13900139005", Map.of("x", "0"));
        settings(Map.of("provider", "SMPP", "signName", "12345", "ratePerSecond", 1));

        // twenty at once: one token now and at most one more per second, so how many pass depends on how long
        // the burst took on this machine, never more than that
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        long began = System.nanoTime();
        List<Map.Entry<Integer, String>> answers = Flux.range(0, 20)
                .flatMap(i -> client.post()
                        .uri("/tenants/{t}/sms/messages", tenant)
                        .headers(h -> h.setBearerAuth(admin))
                        .bodyValue(Map.of(
                                "template",
                                template,
                                "to",
                                String.format("139001391%02d", i),
                                "variables",
                                Map.of("x", "1")))
                        .exchangeToMono(r -> r.bodyToMono(String.class)
                                .defaultIfEmpty("")
                                .map(body -> Map.entry(r.statusCode().value(), body))))
                .collectList()
                .block(Duration.ofSeconds(60));
        long burstSeconds = (long) Math.ceil((System.nanoTime() - began) / 1e9);
        List<Map.Entry<Integer, String>> refused =
                answers.stream().filter(a -> a.getKey() == 429).toList();
        assertThat(answers.stream().filter(a -> a.getKey() == 201)).isNotEmpty();
        assertThat(answers.size() - refused.size())
                .as("accepted: one token, then one per second of the %d s burst", burstSeconds)
                .isLessThanOrEqualTo((int) (1 + burstSeconds));
        assertThat(refused).isNotEmpty();
        assertThat(refused).allSatisfy(a -> assertThat(a.getValue())
                .contains("\"code\":\"TOO_MANY_REQUESTS\"")
                .contains("retryAfterMillis"));
        assertThat(query("limit=100")).hasSize(1 + answers.size() - refused.size());
        assertThat(SMSC.submits().stream().filter(s -> s.to().startsWith("139001391")))
                .hasSize(answers.size() - refused.size());
    }

    @Test
    void refusesABatchThatDoesNotFitTheMonthlyQuotaAndStoresNothing() {
        settings(Map.of("provider", "SMPP", "signName", "12345", "monthlyQuota", 2));
        String template = template("t", "通知${x}");
        List<Map<String, Object>> three = List.of(
                Map.of("phone", "13900139011", "variables", Map.of("x", "1")),
                Map.of("phone", "13900139012", "variables", Map.of("x", "2")),
                Map.of("phone", "13900139013", "variables", Map.of("x", "3")));

        http.post()
                .uri("/tenants/{t}/sms/batches", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", "三条", "template", template, "recipients", three))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TENANT_QUOTA_EXCEEDED")
                .jsonPath("$.used")
                .isEqualTo(0);
        assertThat(query("limit=10")).isEmpty();

        http.post()
                .uri("/tenants/{t}/sms/batches", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", "两条", "template", template, "recipients", three.subList(0, 2)))
                .exchange()
                .expectStatus()
                .isAccepted();
        http.post()
                .uri("/tenants/{t}/sms/messages", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("template", template, "to", "13900139014", "variables", Map.of("x", "4")))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TENANT_QUOTA_EXCEEDED");
        http.get()
                .uri("/tenants/{t}/sms/usage", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(2)
                .jsonPath("$.quota")
                .isEqualTo(2);
    }

    @Test
    void refusesBadTemplatesAndMissingOrUnknownVariablesWithoutSending() {
        settings(Map.of("provider", "SMPP", "signName", "12345"));
        http.post()
                .uri("/tenants/{t}/sms/templates", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", "坏", "body", "您好${name"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        String template = template("t", "${name}您好，工单${ticket}已办结");
        for (Map<String, String> variables :
                List.of(Map.of("name", "李四"), Map.of("name", "李四", "ticket", "1", "extra", "x"))) {
            http.post()
                    .uri("/tenants/{t}/sms/messages", tenant)
                    .headers(h -> h.setBearerAuth(admin))
                    .bodyValue(Map.of("template", template, "to", "13900139021", "variables", variables))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.field")
                    .isEqualTo("variables");
        }
        http.post()
                .uri("/tenants/{t}/sms/messages", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("template", template, "to", "12345", "variables", Map.of("name", "a", "ticket", "1")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("to");
        assertThat(query("limit=10")).isEmpty();
        assertThat(SMSC.submitsTo("13900139021")).isEmpty();
    }

    @Test
    void importsRecipientsFromExcelSendsTheBatchAndQueriesItByBatchNumberAndStatus() throws Exception {
        settings(Map.of("provider", "SMPP", "signName", "12345"));
        String template = template("缴费提醒", "${name}，您的医保缴费截止${date}。");
        byte[] xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("名单");
            String[][] rows = {
                {"手机号", "name", "date"},
                {"13900139031", "王五", "12月31日"},
                {"13900139032", "赵六", "12月31日"},
                {"13900139033", "钱七", "1月15日"}
            };
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            book.write(out);
            xlsx = out.toByteArray();
        }
        Multipart form = new Multipart()
                .file(
                        "file",
                        "recipients.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        xlsx)
                .field("name", "缴费提醒一月")
                .field("template", template);

        Map<String, Object> batch = http.post()
                .uri("/tenants/{t}/sms/batches/import", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(form.contentType())
                .bodyValue(form.bytes())
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(batch).containsEntry("total", 3);
        String id = (String) batch.get("id");

        await(() -> query("batch=" + id + "&status=DELIVERED").size() == 3, "all three delivered");
        assertThat(SMSC.submitsTo("13900139032").get(0).text()).isEqualTo("【12345】赵六，您的医保缴费截止12月31日。");
        List<Map<String, Object>> byNumber = query("number=139-0013-9033");
        assertThat(byNumber).hasSize(1);
        assertThat(byNumber.get(0).get("content")).isEqualTo("【12345】钱七，您的医保缴费截止1月15日。");
        http.get()
                .uri("/tenants/{t}/sms/batches/{id}", tenant, id)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody()
                .jsonPath("$.byStatus.DELIVERED")
                .isEqualTo(3);
    }

    @Test
    void storesTheRecipientSealedAndHidesMessagesFromOtherTenants() {
        settings(Map.of("provider", "SMPP", "signName", "12345"));
        String template = template("t", "通知${x}");
        Map<String, Object> sent = send(template, "13900139041", Map.of("x", "1"));
        String id = (String) sent.get("id");

        byte[] sealed = Tenancy.runAs(
                        TenantContext.of(cn.hotline.kernel.id.TenantId.of(tenant)),
                        transactions.transactional(db.sql("SELECT recipient_sealed FROM sms_message WHERE id = :id")
                                .bind("id", UUID.fromString(id))
                                .map(row -> row.get("recipient_sealed", byte[].class))
                                .one()))
                .block(Duration.ofSeconds(10));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("13900139041");
        assertThat(HexFormat.of().formatHex(sealed))
                .doesNotContain(HexFormat.of().formatHex("39001390".getBytes()));

        String other = "sms-other-" + UUID.randomUUID().toString().substring(0, 6);
        http.get()
                .uri("/tenants/{t}/sms/messages/{id}", other, id)
                .headers(h -> h.setBearerAuth(TestTokens.user(other, Role.TENANT_ADMIN)))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/tenants/{t}/sms/messages/{id}", tenant, id)
                .headers(h -> h.setBearerAuth(TestTokens.user(other, Role.TENANT_ADMIN)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void sendsThroughASignedHttpProviderWhenTheTenantChoseOne() {
        String url = "http://127.0.0.1:" + STUBS.getAddress().getPort() + "/provider/send";
        settings(Map.of(
                "provider", "HTTP",
                "signName", "南宁12345",
                "httpUrl", url,
                "httpAccessKey", "ak-1",
                "httpSecret", PROVIDER_SECRET));
        http.get()
                .uri("/tenants/{t}/sms/settings", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody()
                .jsonPath("$.httpSecretSet")
                .isEqualTo(true)
                .jsonPath("$.httpSecret")
                .doesNotExist();
        String template = template("t", "通知${x}");
        int before = PROVIDER_CALLS.size();

        Map<String, Object> sent = send(template, "13900139051", Map.of("x", "壹"));

        assertThat(sent.get("status")).isEqualTo("SUBMITTED");
        assertThat(sent.get("provider")).isEqualTo("HTTP");
        Map<String, String> call = PROVIDER_CALLS.get(before);
        assertThat(call.get("signed")).isEqualTo("true");
        assertThat(call.get("body")).contains("\"to\":\"13900139051\"").contains("【南宁12345】通知壹");
        assertThat(SMSC.submitsTo("13900139051")).isEmpty();

        // the provider's delivery report: a wrong signature changes nothing, the right one delivers
        String providerId = "p-" + PROVIDER_CALLS.size();
        String report = "{\"messageId\":\"" + providerId + "\",\"status\":\"DELIVERED\"}";
        hook(report, "wrong-secret-0123456789").expectStatus().isUnauthorized();
        assertThat(awaitStatus((String) sent.get("id"), "SUBMITTED")).containsEntry("deliveredSegments", 0);
        hook(report, PROVIDER_SECRET).expectStatus().isNoContent();
        awaitStatus((String) sent.get("id"), "DELIVERED");
    }

    WebTestClient.ResponseSpec hook(String body, String secret) {
        String ts = String.valueOf(System.currentTimeMillis());
        String nonce = UUID.randomUUID().toString();
        return http.post()
                .uri("/hooks/sms/{t}", tenant)
                .header("X-Timestamp", ts)
                .header("X-Nonce", nonce)
                .header("X-Signature", HttpSmsGateway.sign(secret, ts + "\n" + nonce + "\n" + body))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    @Test
    void sendsTheReplyTemplateOnceWhenATicketClosesEvenIfTheEventComesTwice() throws Exception {
        createPulsarNamespace();
        String template = template("办结回复", "您反映的问题（编号${ticket}）已办结，感谢您的监督。");
        settings(Map.of("provider", "SMPP", "signName", "12345", "replyTemplate", template));
        String ticket = UUID.randomUUID().toString();
        CONTACTS.put(tenant + "/" + ticket, "13900139061");
        String envelope =
                """
                {"id":"%s","type":"TicketClosed","version":1,"tenant":"%s","occurredAt":"%s",
                 "payload":{"ticket":"%s","seq":9,"type":"TicketClosed","status":"CLOSED","channel":"PHONE",
                 "urgency":"NORMAL","externalRef":"SZ2026-0042","coUnits":[],"hard":false,"actor":"user:u1",
                 "actorKind":"CENTRE","at":"%s","attachments":[],"details":{"note":"ok"}}}
                """
                        .formatted(UUID.randomUUID(), tenant, Instant.now(), ticket, Instant.now());
        String opened =
                envelope.replace("\"type\":\"TicketClosed\",\"version\"", "\"type\":\"TicketOpened\",\"version\"");
        try (var producer = pulsar.newProducer(Schema.BYTES)
                .topic("persistent://" + tenant + "/tickets/ticket-events")
                .create()) {
            producer.send(opened.getBytes(StandardCharsets.UTF_8));
            producer.send(envelope.getBytes(StandardCharsets.UTF_8));
            producer.send(envelope.getBytes(StandardCharsets.UTF_8));
        }

        await(() -> query("number=13900139061&status=DELIVERED").size() == 1, "the reply SMS delivered");
        Thread.sleep(2_000);
        List<Map<String, Object>> replies = query("number=13900139061");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0))
                .containsEntry("source", "TICKET_REPLY")
                .containsEntry("sourceRef", ticket)
                .containsEntry("content", "【12345】您反映的问题（编号SZ2026-0042）已办结，感谢您的监督。");
        assertThat(SMSC.submitsTo("13900139061")).hasSize(1);
    }

    @Test
    void sendsWhatAStoppedInstanceLeftQueuedButNotWhatIsStillFresh() {
        settings(Map.of("provider", "SMPP", "signName", "12345"));
        cn.hotline.kernel.id.TenantId t = cn.hotline.kernel.id.TenantId.of(tenant);
        UUID abandoned = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        Instant now = Instant.now();
        for (Object[] row : new Object[][] {
            {abandoned, "13900139071", now.minus(Duration.ofMinutes(10))}, {fresh, "13900139072", now}
        }) {
            Tenancy.runAs(
                            TenantContext.of(t),
                            transactions.transactional(db.sql("INSERT INTO sms_message (tenant_id, id, source,"
                                            + " recipient_sealed, recipient_index, recipient_masked, content, segments,"
                                            + " status, provider, created_at) VALUES (:t, :id, 'BATCH', :rs, :ri, 'x',"
                                            + " '【12345】遗留', 1, 'QUEUED', 'SMPP', :at)")
                                    .bind("t", tenant)
                                    .bind("id", row[0])
                                    .bind("rs", cipher.seal(t, (String) row[1]))
                                    .bind("ri", cipher.blindIndex(t, (String) row[1]))
                                    .bind("at", row[2])
                                    .fetch()
                                    .rowsUpdated()))
                    .block(Duration.ofSeconds(10));
        }

        for (int i = 0; i < 50; i++) {
            SmsRecovery.Result result = recovery.runOnce().block(Duration.ofSeconds(60));
            if (result != null && result.ran()) {
                break;
            }
            sleep(200);
        }

        awaitStatus(abandoned.toString(), "DELIVERED");
        assertThat(SMSC.submitsTo("13900139071")).hasSize(1);
        assertThat(awaitStatus(fresh.toString(), "QUEUED")).containsEntry("status", "QUEUED");
        assertThat(SMSC.submitsTo("13900139072")).isEmpty();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers

    void createPulsarNamespace() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI admin = TestStack.endpoints().pulsarAdminUrl();
        for (String[] call : new String[][] {
            {"/admin/v2/tenants/" + tenant, "{\"allowedClusters\":[\"standalone\"]}"},
            {"/admin/v2/namespaces/" + tenant + "/tickets", "{}"}
        }) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(admin.resolve(call[0]))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(call[1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isIn(204, 409);
        }
    }

    void settings(Map<String, Object> body) {
        http.put()
                .uri("/tenants/{t}/sms/settings", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    String template(String name, String body) {
        Map<String, Object> created = http.post()
                .uri("/tenants/{t}/sms/templates", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", name, "body", body))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        return (String) created.get("id");
    }

    Map<String, Object> send(String template, String to, Map<String, String> variables) {
        return http.post()
                .uri("/tenants/{t}/sms/messages", tenant)
                .headers(h -> h.setBearerAuth(TestTokens.user(tenant, Role.AGENT)))
                .bodyValue(Map.of("template", template, "to", to, "variables", variables))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
    }

    List<Map<String, Object>> query(String params) {
        return http.get()
                .uri("/tenants/" + tenant + "/sms/messages?" + params)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> awaitStatus(String id, String status) {
        Map<String, Object>[] last = new Map[1];
        await(
                () -> {
                    last[0] = http.get()
                            .uri("/tenants/{t}/sms/messages/{id}", tenant, id)
                            .headers(h -> h.setBearerAuth(admin))
                            .exchange()
                            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                            .returnResult()
                            .getResponseBody();
                    return status.equals(last[0].get("status"));
                },
                "message " + id + " " + status);
        return last[0];
    }

    static void await(Supplier<Boolean> condition, String what) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
