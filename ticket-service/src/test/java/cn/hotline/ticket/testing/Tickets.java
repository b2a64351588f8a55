package cn.hotline.ticket.testing;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.common.policies.data.TenantInfo;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Helpers of the ticket ITs: fresh tenants, tokens per role, and the common requests. */
public final class Tickets {

    private final WebTestClient http;
    public final String tenant;
    public final String clerk;
    public final String agent;

    public Tickets(WebTestClient http) {
        this(http, freshTenant());
    }

    public Tickets(WebTestClient http, String tenant) {
        this.http = http;
        this.tenant = tenant;
        this.clerk = TestTokens.user(tenant, Role.TICKET_CLERK);
        this.agent = TestTokens.user(tenant, Role.AGENT);
    }

    /** A tenant slug no earlier run used (the stack's databases outlive test runs). */
    public static String freshTenant() {
        return "t" + Uuids.v7().toString().replace("-", "").substring(12, 28);
    }

    public String unitUser(String unit) {
        return TestTokens.user(tenant, Set.of(Role.UNIT_USER), "unit:" + unit);
    }

    /** The tenant's Pulsar tenant and {@code tickets} namespace, as tenant-service's provisioning creates them. */
    public void provisionPulsar() throws Exception {
        String adminUrl = TestStack.endpoints().pulsarAdminUrl().toString();
        try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(adminUrl).build()) {
            List<String> clusters = admin.clusters().getClusters();
            admin.tenants()
                    .createTenant(
                            tenant,
                            TenantInfo.builder()
                                    .allowedClusters(Set.copyOf(clusters))
                                    .build());
            admin.namespaces().createNamespace(tenant + "/tickets");
        }
    }

    public static Map<String, Object> newTicket(String phone, boolean confidential) {
        return Map.of(
                "channel", "PHONE",
                "kind", "COMPLAINT",
                "category", "env.noise",
                "urgency", "NORMAL",
                "confidential", confidential,
                "citizen", Map.of("name", "张先生", "phone", phone),
                "content", "民族大道100号工地夜间施工噪音扰民",
                "address", "青秀区民族大道100号",
                "area", "qingxiu");
    }

    public JsonNode create(String token, Map<String, Object> body) {
        return http.post()
                .uri("/tenants/{t}/tickets", tenant)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public String open() {
        return create(clerk, newTicket("138-0013-8000", false)).get("id").asString();
    }

    public WebTestClient.ResponseSpec step(String token, String id, String action, Map<String, ?> body) {
        return http.post()
                .uri("/tenants/{t}/tickets/{id}/{a}", tenant, id, action)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    public JsonNode ok(String token, String id, String action, Map<String, ?> body) {
        return step(token, id, action, body)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public WebTestClient.ResponseSpec get(String token, String path, Object... vars) {
        return http.get().uri(path, vars).headers(h -> h.setBearerAuth(token)).exchange();
    }
}
