package cn.hotline.tenant.directory;

import static cn.hotline.tenant.directory.TenantApiSupport.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.tenant.testing.TenantServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class OrganisationIT {

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    WebTestClient http;
    String tenant;
    String other;

    @BeforeEach
    void setUp() throws Exception {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = TenantApiSupport.newTenant("ACTIVE");
        other = TenantApiSupport.newTenant("ACTIVE");
        roles.provisionDefaults(tenant).block();
        roles.provisionDefaults(other).block();
    }

    private WebTestClient.ResponseSpec post(String path, String auth, Object body) {
        return http.post()
                .uri(path)
                .header("Authorization", auth)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private <T> List<T> list(String path, String auth, Class<T> type) {
        return http.get()
                .uri(path)
                .header("Authorization", auth)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(type)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void workstationAdminCreatesSeatsInItsOwnWorkstationAndSeesOnlyThose() {
        String admin = bearer(tenant, "TENANT_ADMIN", null);
        String qingxiuAdmin = bearer(tenant, "TENANT_ADMIN", tenant + ".qingxiu");
        post("/tenants/" + tenant + "/seats", admin, Map.of("seatNo", "1001", "scopeUnit", tenant + ".xixiangtang"))
                .expectStatus()
                .isCreated();
        // the workstation admin asks for another workstation: the row lands in its own anyway
        post(
                        "/tenants/" + tenant + "/seats",
                        qingxiuAdmin,
                        Map.of("seatNo", "2001", "scopeUnit", tenant + ".xixiangtang"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.scopeUnit")
                .isEqualTo(tenant + ".qingxiu");

        assertThat(list("/tenants/" + tenant + "/seats", qingxiuAdmin, Organisation.Seat.class))
                .extracting(Organisation.Seat::seatNo)
                .containsExactly("2001");
        assertThat(list("/tenants/" + tenant + "/seats", admin, Organisation.Seat.class))
                .extracting(Organisation.Seat::seatNo)
                .containsExactly("1001", "2001");
        assertThat(list("/tenants/" + other + "/seats", bearer(other, "TENANT_ADMIN", null), Organisation.Seat.class))
                .isEmpty();
    }

    @Test
    void duplicateSeatNumbersConflictAndBadOnesAreRefused() {
        String admin = bearer(tenant, "TENANT_ADMIN", null);
        post("/tenants/" + tenant + "/seats", admin, Map.of("seatNo", "1001"))
                .expectStatus()
                .isCreated();
        post("/tenants/" + tenant + "/seats", admin, Map.of("seatNo", "1001"))
                .expectStatus()
                .isEqualTo(409);
        post("/tenants/" + tenant + "/seats", admin, Map.of("seatNo", "工号 with spaces"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        // the same seat number in another tenant is fine
        post("/tenants/" + other + "/seats", bearer(other, "TENANT_ADMIN", null), Map.of("seatNo", "1001"))
                .expectStatus()
                .isCreated();
    }

    @Test
    void agentSkillsNeedAUserAndASkillGroupOfTheSameTenant() {
        String admin = bearer(tenant, "TENANT_ADMIN", null);
        String userId = (String) post(
                        "/tenants/" + tenant + "/users",
                        admin,
                        Map.of("username", "agent01", "displayName", "坐席一", "password", "Demo@12345"))
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("id");
        String skillId =
                (String) post("/tenants/" + tenant + "/skill-groups", admin, Map.of("code", "yibao", "name", "医保咨询"))
                        .expectStatus()
                        .isCreated()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody()
                        .get("id");
        String foreignSkill = (String) post(
                        "/tenants/" + other + "/skill-groups",
                        bearer(other, "TENANT_ADMIN", null),
                        Map.of("code", "yibao", "name", "医保咨询"))
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("id");

        http.put()
                .uri("/tenants/{t}/users/{u}/skills/{g}", tenant, userId, skillId)
                .header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("level", 7))
                .exchange()
                .expectStatus()
                .isOk();
        http.put()
                .uri("/tenants/{t}/users/{u}/skills/{g}", tenant, userId, foreignSkill)
                .header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("level", 7))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.put()
                .uri("/tenants/{t}/users/{u}/skills/{g}", tenant, userId, skillId)
                .header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("level", 11))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(list("/tenants/" + tenant + "/users/" + userId + "/skills", admin, Organisation.AgentSkill.class))
                .extracting(Organisation.AgentSkill::level)
                .containsExactly(7);
    }

    private String created(String path, String auth, Object body) {
        return (String) post(path, auth, body)
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("id");
    }

    private WebTestClient.ResponseSpec members(String t, String group, String token) {
        return http.get()
                .uri("/internal/tenants/{t}/skill-groups/{g}/members", t, group)
                .header(cn.hotline.kernel.security.InternalToken.HEADER, token)
                .exchange();
    }

    @Test
    void theInternalMembersReadListsTheActiveUsersOfASkillGroupToTheInternalCallerOnly() {
        String admin = bearer(tenant, "TENANT_ADMIN", null);
        String group = created("/tenants/" + tenant + "/skill-groups", admin, Map.of("code", "yibao", "name", "医保咨询"));
        created("/tenants/" + tenant + "/skill-groups", admin, Map.of("code", "empty", "name", "无人"));
        String first = created(
                "/tenants/" + tenant + "/users",
                admin,
                Map.of("username", "agent11", "displayName", "坐席十一", "password", "Demo@12345"));
        String second = created(
                "/tenants/" + tenant + "/users",
                admin,
                Map.of("username", "agent12", "displayName", "坐席十二", "password", "Demo@12345"));
        created(
                "/tenants/" + tenant + "/users",
                admin,
                Map.of("username", "agent13", "displayName", "坐席十三", "password", "Demo@12345"));
        for (var skill : Map.of(first, 3, second, 9).entrySet()) {
            http.put()
                    .uri("/tenants/{t}/users/{u}/skills/{g}", tenant, skill.getKey(), group)
                    .header("Authorization", admin)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("level", skill.getValue()))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        String token = cn.hotline.kernel.testing.TestTokens.INTERNAL_TOKEN;

        Map<String, Object> answer = members(tenant, "yibao", token)
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(answer).containsEntry("group", "yibao").containsEntry("name", "医保咨询");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) answer.get("members");
        assertThat(listed).extracting(m -> m.get("userId")).containsExactly(second, first); // highest level first
        assertThat(listed).extracting(m -> m.get("level")).containsExactly(9, 3);
        assertThat(listed).extracting(m -> m.get("username")).containsExactly("agent12", "agent11");

        members(tenant, "empty", token)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.members.length()")
                .isEqualTo(0);
        members(tenant, "nope", token)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
        members(other, "yibao", token).expectStatus().isNotFound(); // the other tenant has no such group
        members("Not A Tenant", "yibao", token).expectStatus().isNotFound();
        members(tenant, "yibao", "not-the-token").expectStatus().isUnauthorized();
        // a signed-in user of the tenant does not get the internal read
        http.get()
                .uri("/internal/tenants/{t}/skill-groups/{g}/members", tenant, "yibao")
                .header("Authorization", admin)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aNumberBelongsToOneTenantOnly() {
        String number = "0551" + (1000000 + (int) (Math.random() * 8999999));
        post(
                        "/tenants/" + tenant + "/numbers",
                        bearer(tenant, "TENANT_ADMIN", null),
                        Map.of("number", number, "purpose", "12345 热线"))
                .expectStatus()
                .isCreated();
        post(
                        "/tenants/" + other + "/numbers",
                        bearer(other, "TENANT_ADMIN", null),
                        Map.of("number", number, "purpose", "x"))
                .expectStatus()
                .isEqualTo(409);
        assertThat(list(
                        "/tenants/" + other + "/numbers",
                        bearer(other, "TENANT_ADMIN", null),
                        Organisation.PhoneNumber.class))
                .isEmpty();
    }

    @Test
    void departmentsAndGroupsAreCreatedAndListedAndAgentsMayNotWrite() {
        String admin = bearer(tenant, "TENANT_ADMIN", null);
        post("/tenants/" + tenant + "/departments", admin, Map.of("name", "话务一部"))
                .expectStatus()
                .isCreated();
        post("/tenants/" + tenant + "/groups", admin, Map.of("name", "早班"))
                .expectStatus()
                .isCreated();
        assertThat(list("/tenants/" + tenant + "/departments", admin, Organisation.Department.class))
                .extracting(Organisation.Department::name)
                .containsExactly("话务一部");
        assertThat(list("/tenants/" + tenant + "/groups", admin, Organisation.Group.class))
                .extracting(Organisation.Group::name)
                .containsExactly("早班");
        post("/tenants/" + tenant + "/departments", bearer(tenant, "AGENT", null), Map.of("name", "x"))
                .expectStatus()
                .isForbidden();
        http.get()
                .uri("/tenants/{t}/departments", tenant)
                .header("Authorization", bearer(other, "TENANT_ADMIN", null))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
