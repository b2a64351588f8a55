package cn.hotline.workforce;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.workforce.testing.ServiceJar;
import cn.hotline.workforce.testing.TenantEvents;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * workforce-service with its real neighbours instead of stand-ins: tenant-service's and ticket-service's executable
 * jars in their own JVMs on the same devstack, and the devstack's SMSC (read from the env file). Announcements to a
 * skill group reach the group's members as tenant-service names them when the announcement goes live; a closed
 * ticket's reply SMS goes to the number the real ticket-service holds and ends DELIVERED by the SMSC's receipt.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {TestTokens.Initializer.class, RealNeighboursIT.Neighbours.class})
// closed after the class: its event consumers would otherwise share every later test's topics (one Failover
// subscription) with the shared context, pointed at neighbours that are gone
@DirtiesContext
class RealNeighboursIT {

    static ServiceJar tenantService;
    static ServiceJar ticketService;

    /** Starts the two services once and points workforce-service at them and at the stack's SMSC. */
    static final class Neighbours implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            tenantService = ServiceJar.start(
                    "tenant-service",
                    List.of("--cc.tenant.events.relay-enabled=false", "--cc.tenant.demo.enabled=false"));
            ticketService = ServiceJar.start(
                    "ticket-service", List.of("--cc.ticket.directory.base-url=" + tenantService.url()));
            StackEndpoints stack = TestStack.endpoints();
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "real-neighbours",
                            Map.of(
                                    "cc.workforce.directory.base-url",
                                            tenantService.url().toString(),
                                    "cc.workforce.sms.replies.ticket-service-url",
                                            ticketService.url().toString(),
                                    "cc.workforce.sms.replies.tenant-refresh", "PT1S",
                                    "cc.workforce.sms.smpp.enabled", "true",
                                    "cc.workforce.sms.smpp.host", stack.smscHost(),
                                    "cc.workforce.sms.smpp.port", Integer.toString(stack.smscPort()),
                                    "cc.workforce.sms.smpp.system-id", stack.smscSystemId(),
                                    "cc.workforce.sms.smpp.password", stack.smscPassword(),
                                    "cc.workforce.announcement.job-interval", "PT1S")));
        }
    }

    @AfterAll
    static void stopNeighbours() {
        if (ticketService != null) {
            ticketService.stop();
        }
        if (tenantService != null) {
            tenantService.stop();
        }
    }

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    static String token(String tenant, String subject, Role role) {
        return TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject(subject)
                .claim("tenant", tenant)
                .claim("roles", List.of(role.name())));
    }

    /** Writes rows into tenant-service's own database, as its directory API would store them. */
    static void tenantDb(String sql, Object... args) throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.pgSuperuser(), stack.pgSuperpassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    static UUID user(String tenant, String username, String status) throws Exception {
        UUID id = UUID.randomUUID();
        tenantDb(
                "INSERT INTO directory_user (tenant_id, id, username, display_name, password_hash, status)"
                        + " VALUES (?, ?, ?, ?, 'not-a-hash', ?)",
                tenant,
                id,
                username,
                username,
                status);
        return id;
    }

    static void skill(String tenant, UUID user, UUID group, int level) throws Exception {
        tenantDb(
                "INSERT INTO directory_agent_skill (tenant_id, user_id, skill_group_id, level) VALUES (?, ?, ?, ?)",
                tenant,
                user,
                group,
                (short) level);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(250);
        }
    }

    List<String> titlesSeenBy(String tenant, UUID user) {
        JsonNode list = http.get()
                .uri("/tenants/{t}/announcements", tenant)
                .headers(h -> h.setBearerAuth(token(tenant, user.toString(), Role.AGENT)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return list.valueStream().map(a -> a.path("title").asString()).toList();
    }

    @Test
    void anAnnouncementToASkillGroupReachesTheMembersTenantServiceNamesWhenItGoesLive() throws Exception {
        String tenant = new TenantEvents().tenant;
        UUID group = UUID.randomUUID();
        tenantDb(
                "INSERT INTO directory_skill_group (tenant_id, id, code, name) VALUES (?, ?, 'yibao', '医保咨询')",
                tenant,
                group);
        UUID member = user(tenant, "agent21", "ACTIVE");
        UUID other = user(tenant, "agent22", "ACTIVE");
        UUID disabled = user(tenant, "agent23", "DISABLED");
        UUID late = user(tenant, "agent24", "ACTIVE");
        skill(tenant, member, group, 5);
        skill(tenant, disabled, group, 5);
        String boss = token(tenant, "boss", Role.SUPERVISOR);

        http.post()
                .uri("/tenants/{t}/announcements", tenant)
                .headers(h -> h.setBearerAuth(boss))
                .bodyValue(
                        Map.of("title", "医保组通知", "body", "明日起执行新的报销目录。", "targets", Map.of("groups", List.of("yibao"))))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(titlesSeenBy(tenant, member)).containsExactly("医保组通知");
        assertThat(titlesSeenBy(tenant, other)).isEmpty();
        assertThat(titlesSeenBy(tenant, disabled)).isEmpty();

        // an unknown group is refused and nothing is stored
        http.post()
                .uri("/tenants/{t}/announcements", tenant)
                .headers(h -> h.setBearerAuth(boss))
                .bodyValue(Map.of("title", "无此组", "body", "x", "targets", Map.of("groups", List.of("nope"))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("targets.groups");

        // a delayed one is resolved when it becomes due: a member who joined the group in between gets it
        http.post()
                .uri("/tenants/{t}/announcements", tenant)
                .headers(h -> h.setBearerAuth(boss))
                .bodyValue(Map.of(
                        "title",
                        "延时通知",
                        "body",
                        "下周一培训。",
                        "publishAt",
                        Instant.now().plusSeconds(3).toString(),
                        "targets",
                        Map.of("groups", List.of("yibao"))))
                .exchange()
                .expectStatus()
                .isCreated();
        skill(tenant, late, group, 2);
        await(() -> titlesSeenBy(tenant, late).contains("延时通知"), "the late member sees the delayed announcement");
        assertThat(titlesSeenBy(tenant, late)).containsExactly("延时通知"); // not the first: it went live before
        assertThat(titlesSeenBy(tenant, member)).containsExactlyInAnyOrder("医保组通知", "延时通知");
        assertThat(titlesSeenBy(tenant, other)).isEmpty();
    }

    @Test
    void aClosedTicketsReplySmsGoesToTheNumberTheRealTicketServiceHoldsAndIsDelivered() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String tenant = events.tenant;
        String admin = TestTokens.user(tenant, Role.TENANT_ADMIN);
        WebTestClient tickets = WebTestClient.bindToServer()
                .baseUrl(ticketService.url().toString())
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        String clerk = TestTokens.user(tenant, Role.TICKET_CLERK);
        String ticket = tickets.post()
                .uri("/tenants/{t}/tickets", tenant)
                .headers(h -> h.setBearerAuth(clerk))
                .bodyValue(Map.of(
                        "channel", "PHONE",
                        "kind", "COMPLAINT",
                        "category", "env.noise",
                        "urgency", "NORMAL",
                        "confidential", false,
                        "citizen", Map.of("name", "张先生", "phone", "139-0013-9081"),
                        "content", "民族大道100号工地夜间施工噪音扰民",
                        "address", "青秀区民族大道100号",
                        "area", "qingxiu"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("id")
                .asString();

        String template = http.post()
                .uri("/tenants/{t}/sms/templates", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", "办结回复", "body", "您反映的问题（编号${ticket}）已办结。"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("id")
                .asString();
        http.put()
                .uri("/tenants/{t}/sms/settings", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("provider", "SMPP", "signName", "12345", "replyTemplate", template))
                .exchange()
                .expectStatus()
                .isOk();

        events.ticket("TicketClosed", ticket, "user:clerk", Instant.now(), Map.of("note", "已办结"));

        ParameterizedTypeReference<List<Map<String, Object>>> listOfMaps = new ParameterizedTypeReference<>() {};
        await(
                () -> http.get()
                                .uri("/tenants/{t}/sms/messages?number=13900139081&status=DELIVERED", tenant)
                                .headers(h -> h.setBearerAuth(admin))
                                .exchange()
                                .expectBody(listOfMaps)
                                .returnResult()
                                .getResponseBody()
                                .size()
                        == 1,
                "the reply SMS delivered by the stack's SMSC");
        List<Map<String, Object>> sent = http.get()
                .uri("/tenants/{t}/sms/messages?number=13900139081", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody(listOfMaps)
                .returnResult()
                .getResponseBody();
        assertThat(sent).singleElement().satisfies(message -> {
            assertThat(message).containsEntry("source", "TICKET_REPLY").containsEntry("sourceRef", ticket);
            assertThat(message.get("content")).isEqualTo("【12345】您反映的问题（编号" + ticket + "）已办结。");
        });
    }
}
