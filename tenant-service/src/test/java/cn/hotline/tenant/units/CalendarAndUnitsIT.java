package cn.hotline.tenant.units;

import static cn.hotline.tenant.directory.TenantApiSupport.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.directory.Roles;
import cn.hotline.tenant.directory.TenantApiSupport;
import cn.hotline.tenant.testing.TenantServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class CalendarAndUnitsIT {

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    WebTestClient http;
    String tenant;
    String other;
    String admin;

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
        admin = bearer(tenant, "TENANT_ADMIN", null);
    }

    private WebTestClient.ResponseSpec send(String method, String path, String auth, Object body) {
        return http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .header("Authorization", auth)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void aNewTenantsCalendarHasOfficeHoursAndThe2026Holidays() {
        http.get()
                .uri("/tenants/{t}/calendar/working-time?at=2026-10-01T02:00:00Z", tenant)
                .header("Authorization", bearer(tenant, "AGENT", null))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.workingTime")
                .isEqualTo(false);
        http.get()
                .uri("/tenants/{t}/calendar/deadline?from=2026-09-30T08:00:00Z&workingDays=1", tenant)
                .header("Authorization", bearer(tenant, "AGENT", null))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.due")
                .isEqualTo("2026-10-08T08:00:00Z");
    }

    @Test
    void tenantAdminChangesHoursAndDaysAndDeadlinesFollow() {
        send(
                        "PUT",
                        "/tenants/" + tenant + "/calendar/hours",
                        admin,
                        Map.of(
                                "zone",
                                "Asia/Shanghai",
                                "hours",
                                Map.of("MONDAY", List.of(Map.of("start", "08:00", "end", "12:00")))))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hours.MONDAY[0].start")
                .isEqualTo("08:00")
                .jsonPath("$.hours.TUESDAY.length()")
                .isEqualTo(0);
        // Monday 2 March 2026 11:00 (03:00Z) + 2h of working time: 1h on Monday, the next Monday at 09:00 local
        http.get()
                .uri("/tenants/{t}/calendar/deadline?from=2026-03-02T03:00:00Z&workingTime=PT2H", tenant)
                .header("Authorization", admin)
                .exchange()
                .expectBody()
                .jsonPath("$.due")
                .isEqualTo("2026-03-09T01:00:00Z");

        send(
                        "PUT",
                        "/tenants/" + tenant + "/calendar/days/2026-03-09",
                        admin,
                        Map.of("kind", "HOLIDAY", "name", "地方假日"))
                .expectStatus()
                .isOk();
        http.get()
                .uri("/tenants/{t}/calendar/deadline?from=2026-03-02T03:00:00Z&workingTime=PT2H", tenant)
                .header("Authorization", admin)
                .exchange()
                .expectBody()
                .jsonPath("$.due")
                .isEqualTo("2026-03-16T01:00:00Z");
        // the other tenant keeps the defaults
        http.get()
                .uri("/internal/tenants/{t}/calendar", other)
                .header(InternalToken.HEADER, TestTokens.INTERNAL_TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hours.TUESDAY.length()")
                .isEqualTo(2);
    }

    @Test
    void invalidCalendarInputIsRefusedAndChangesNothing() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("zone", "Mars/Olympus"),
                Map.of("hours", Map.of("FUNDAY", List.of(Map.of("start", "08:00", "end", "12:00")))),
                Map.of("hours", Map.of("MONDAY", List.of(Map.of("start", "12:00", "end", "08:00")))),
                Map.of("hours", Map.of()))) {
            send("PUT", "/tenants/" + tenant + "/calendar/hours", admin, bad)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("VALIDATION_FAILED");
        }
        send("PUT", "/tenants/" + tenant + "/calendar/days/2026-13-01", admin, Map.of("kind", "HOLIDAY", "name", "x"))
                .expectStatus()
                .isBadRequest();
        send("PUT", "/tenants/" + tenant + "/calendar/hours", bearer(tenant, "AGENT", null), Map.of())
                .expectStatus()
                .isForbidden();
        http.get()
                .uri("/tenants/{t}/calendar", tenant)
                .header("Authorization", admin)
                .exchange()
                .expectBody()
                .jsonPath("$.hours.MONDAY.length()")
                .isEqualTo(2);
    }

    @Test
    void theUnitTreeKeepsItsLevelsAndStaysInsideTheTenant() {
        send(
                        "POST",
                        "/tenants/" + tenant + "/units",
                        admin,
                        Map.of(
                                "code", "qingxiu",
                                "name", "青秀区",
                                "level", "DISTRICT",
                                "contacts", List.of(Map.of("name", "李四", "phone", "0771-5550001", "title", "主任"))))
                .expectStatus()
                .isCreated();
        send(
                        "POST",
                        "/tenants/" + tenant + "/units",
                        admin,
                        Map.of(
                                "code",
                                "qingxiu-xinzhu",
                                "name",
                                "新竹街道",
                                "level",
                                "SECOND_LEVEL",
                                "parentCode",
                                "qingxiu"))
                .expectStatus()
                .isCreated();
        // a second-level unit cannot hold another second-level unit, nor exist without a parent
        send(
                        "POST",
                        "/tenants/" + tenant + "/units",
                        admin,
                        Map.of("code", "deeper", "name", "x", "level", "SECOND_LEVEL", "parentCode", "qingxiu-xinzhu"))
                .expectStatus()
                .isBadRequest();
        send(
                        "POST",
                        "/tenants/" + tenant + "/units",
                        admin,
                        Map.of("code", "orphan", "name", "x", "level", "SECOND_LEVEL"))
                .expectStatus()
                .isBadRequest();
        // another tenant cannot hang a unit under ours, nor read it
        send(
                        "POST",
                        "/tenants/" + other + "/units",
                        bearer(other, "TENANT_ADMIN", null),
                        Map.of("code", "sneaky", "name", "x", "level", "SECOND_LEVEL", "parentCode", "qingxiu"))
                .expectStatus()
                .isBadRequest();
        http.get()
                .uri("/tenants/{t}/units/qingxiu", other)
                .header("Authorization", bearer(other, "TENANT_ADMIN", null))
                .exchange()
                .expectStatus()
                .isNotFound();

        List<HandlingUnit> units = http.get()
                .uri("/tenants/{t}/units", tenant)
                .header("Authorization", bearer(tenant, "AGENT", null))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(HandlingUnit.class)
                .returnResult()
                .getResponseBody();
        assertThat(units).extracting(HandlingUnit::code).containsExactly("qingxiu", "qingxiu-xinzhu");
        assertThat(units.getFirst().contacts())
                .extracting(HandlingUnit.Contact::name)
                .containsExactly("李四");

        send(
                        "PUT",
                        "/tenants/" + tenant + "/units/qingxiu/contacts",
                        admin,
                        List.of(Map.of("name", "王五", "phone", "13800000000")))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.contacts[0].name")
                .isEqualTo("王五")
                .jsonPath("$.contacts.length()")
                .isEqualTo(1);
        send("PUT", "/tenants/" + tenant + "/units/nope/contacts", admin, List.of())
                .expectStatus()
                .isNotFound();

        // unit users are scoped to an existing unit of the tenant
        send(
                        "POST",
                        "/tenants/" + tenant + "/users",
                        admin,
                        Map.of(
                                "username", "xinzhu-user",
                                "displayName", "新竹街道经办人",
                                "password", "Demo@12345",
                                "scopeUnit", "unit:qingxiu-xinzhu",
                                "roles", List.of("UNIT_USER")))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.scopeUnit")
                .isEqualTo("unit:qingxiu-xinzhu");
        send(
                        "POST",
                        "/tenants/" + tenant + "/users",
                        admin,
                        Map.of(
                                "username", "ghost-user",
                                "displayName", "x",
                                "password", "Demo@12345",
                                "scopeUnit", "unit:no-such-unit",
                                "roles", List.of("UNIT_USER")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
    }
}
