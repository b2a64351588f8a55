package cn.hotline.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.directory.Roles;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The access matrix (ADR 0002): every endpoint the service exposes, found from its own handler mappings so
 * that a new endpoint is covered the day it is added, called by every role of another tenant, with another
 * tenant's ids, by roles that do not hold the platform, and without the internal token. It asserts zero
 * foreign successes, 404 — never 403 — for anything of another tenant, and that the other tenant's data is
 * byte-for-byte unchanged afterwards. Workstation scope is checked on the listings that hold scoped rows.
 */
@TenantServiceTest
class AccessMatrixIT {

    private static final String PASSWORD = "Matrix@12345";
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    /** Listings that show the other tenant's state: compared before and after the matrix ran. */
    private static final List<String> SNAPSHOTS =
            List.of("users", "roles", "departments", "groups", "seats", "skill-groups", "numbers", "units");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    Roles roles;

    // Shared by the tests of the class (JUnit makes an instance per test; the servers' extension must run before
    // Spring builds the context, so this is set up lazily rather than in a per-class instance).
    private static String home;
    private static String foreign;
    /** Path variable → a value that exists only in the foreign tenant. */
    private static final Map<String, String> foreignIds = new LinkedHashMap<>();

    private record Endpoint(HttpMethod method, String pattern) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @BeforeEach
    void twoTenantsWithData() throws SQLException {
        if (!foreignIds.isEmpty()) {
            return;
        }
        home = newTenant();
        foreign = newTenant();
        for (String tenant : List.of(home, foreign)) {
            roles.provisionDefaults(tenant).block();
            superuser("INSERT INTO workstation (tenant_id, id, name) VALUES ('" + tenant + "', '" + tenant
                    + ".east', '东区')," + " ('" + tenant + "', '" + tenant + ".west', '西区')");
        }
        WebTestClient admin = as(foreign, null, Role.TENANT_ADMIN);
        String user = create(
                admin,
                foreign,
                "users",
                Map.of(
                        "username",
                        "foreign-east",
                        "displayName",
                        "外租户用户",
                        "password",
                        PASSWORD,
                        "scopeUnit",
                        foreign + ".east",
                        "roles",
                        List.of("AGENT")));
        String skillGroup = create(admin, foreign, "skill-groups", Map.of("code", "yb-policy", "name", "医保政策"));
        create(admin, foreign, "departments", Map.of("name", "外租户受理科"));
        create(admin, foreign, "groups", Map.of("name", "外租户班组", "memberIds", List.of(user)));
        create(admin, foreign, "seats", Map.of("seatNo", "9001", "userId", user));
        create(
                admin,
                foreign,
                "numbers",
                Map.of(
                        "number",
                        "0551" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)),
                        "purpose",
                        "HOTLINE"));
        create(admin, foreign, "units", Map.of("code", "foreign-unit", "name", "外租户承办单位", "level", "DISTRICT"));
        String client = admin.post()
                .uri("/tenants/{t}/clients", foreign)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientId", "city-platform"))
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("clientId")
                .toString();

        foreignIds.put("tenant", home);
        foreignIds.put("id", user);
        foreignIds.put("userId", user);
        foreignIds.put("skillGroupId", skillGroup);
        foreignIds.put("code", "foreign-unit");
        foreignIds.put("clientId", client);
        foreignIds.put("slug", foreign);
        foreignIds.put("date", "2026-10-01");
        foreignIds.put("kind", "SEATS");
        foreignIds.put("chain", foreign);
        foreignIds.put("grant", java.util.UUID.randomUUID().toString());
        foreignIds.put("number", "055165312345");
    }

    private WebTestClient as(String tenant, String scope, Role... roleList) {
        return TestClients.bearer(port, TestTokens.user(tenant, List.of(roleList), scope));
    }

    private static String create(WebTestClient client, String tenant, String collection, Map<String, ?> body) {
        Map<?, ?> created = client.post()
                .uri("/tenants/{t}/" + collection, tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Object id = created.containsKey("id")
                ? created.get("id")
                : created.containsKey("code") ? created.get("code") : created.get("number");
        assertThat(id).as("%s created in %s: %s", collection, tenant, created).isNotNull();
        return id.toString();
    }

    private static String newTenant() throws SQLException {
        String slug = "m" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        superuser("INSERT INTO tenant (slug, name, kind, status, spec) VALUES ('" + slug + "', '矩阵 " + slug
                + "', 'DISTRICT', 'ACTIVE', '{}'::jsonb)");
        return slug;
    }

    /** Fixture rows as the superuser: forced row-level security binds even the tables' owner. */
    private static void superuser(String sql) throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<Endpoint> endpoints(String prefix) {
        List<Endpoint> found = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<org.springframework.web.bind.annotation.RequestMethod> methods =
                    info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                if (!pattern.getPatternString().startsWith(prefix)) {
                    continue;
                }
                (methods.isEmpty() ? Set.of(org.springframework.web.bind.annotation.RequestMethod.GET) : methods)
                        .forEach(m -> found.add(new Endpoint(m.asHttpMethod(), pattern.getPatternString())));
            }
        }
        found.sort(java.util.Comparator.comparing(Endpoint::toString));
        return found;
    }

    /** The pattern with every variable replaced; {tenant} by the given tenant, the rest by foreign ids. */
    private String expand(String pattern, String tenant) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("tenant") ? tenant : foreignIds.get(name);
            if (value == null) {
                fail("path variable {%s} of %s has no foreign fixture: add one to AccessMatrixIT", name, pattern);
            }
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    private static EntityExchangeResult<String> call(WebTestClient client, Endpoint endpoint, String path) {
        WebTestClient.RequestBodySpec request = client.method(endpoint.method()).uri(path);
        WebTestClient.RequestHeadersSpec<?> ready =
                endpoint.method() == HttpMethod.GET || endpoint.method() == HttpMethod.DELETE
                        ? request
                        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of());
        return ready.exchange().expectBody(String.class).returnResult();
    }

    private Map<String, String> snapshotOfForeignTenant() {
        WebTestClient admin = as(foreign, null, Role.TENANT_ADMIN);
        Map<String, String> snapshot = new LinkedHashMap<>();
        for (String collection : SNAPSHOTS) {
            snapshot.put(
                    collection,
                    admin.get()
                            .uri("/tenants/{t}/" + collection, foreign)
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody());
        }
        return snapshot;
    }

    @Test
    void everyTenantEndpointAnswersEveryRoleOfAnotherTenant404AndChangesNothing() {
        List<Endpoint> tenantEndpoints = endpoints("/tenants/{tenant}");
        assertThat(tenantEndpoints).as("tenant endpoints discovered").hasSizeGreaterThan(15);
        Map<String, String> before = snapshotOfForeignTenant();

        List<String> leaks = new ArrayList<>();
        int calls = 0;
        for (Role role : EnumSet.complementOf(EnumSet.of(Role.OPERATOR))) {
            // A caller of the home tenant aims at the foreign tenant's path.
            WebTestClient intruder = as(home, null, role);
            for (Endpoint endpoint : tenantEndpoints) {
                EntityExchangeResult<String> answer = call(intruder, endpoint, expand(endpoint.pattern(), foreign));
                calls++;
                if (answer.getStatus().value() != 404
                        || !String.valueOf(answer.getResponseBody()).contains("NOT_FOUND")) {
                    leaks.add(role + " of " + home + " → " + endpoint + ": " + answer.getStatus() + " "
                            + answer.getResponseBody());
                }
            }
        }

        assertThat(calls).isGreaterThan(100);
        assertThat(leaks).as("foreign-tenant calls that were not a plain 404").isEmpty();
        assertThat(snapshotOfForeignTenant()).isEqualTo(before);
    }

    @Test
    void anotherTenantsIdsUnderTheOwnTenantAreNeverFoundAndNeverForbidden() {
        Map<String, String> before = snapshotOfForeignTenant();
        List<String> leaks = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (Role role : List.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.AGENT)) {
            WebTestClient caller = as(home, null, role);
            for (Endpoint endpoint : endpoints("/tenants/{tenant}")) {
                if (VARIABLE.matcher(endpoint.pattern().replace("{tenant}", "")).find()) {
                    covered.add(endpoint.toString());
                    EntityExchangeResult<String> answer = call(caller, endpoint, expand(endpoint.pattern(), home));
                    int status = answer.getStatus().value();
                    boolean read = endpoint.method() == HttpMethod.GET;
                    // A read of a foreign id is 404; a write may be refused earlier for its empty body (400), but is
                    // never a success and never a 403 that would confirm the id exists.
                    boolean ok = read
                            ? status == 404 || status == 403 && role != Role.TENANT_ADMIN
                            : status == 404 || status == 400 || status == 403 && role != Role.TENANT_ADMIN;
                    if (answer.getStatus().is2xxSuccessful() || !ok || status == 403 && role == Role.TENANT_ADMIN) {
                        leaks.add(role + " → " + endpoint + ": " + status + " " + answer.getResponseBody());
                    }
                }
            }
        }

        assertThat(covered).as("endpoints with ids").isNotEmpty();
        assertThat(leaks).as("own-tenant calls with foreign ids").isEmpty();
        assertThat(snapshotOfForeignTenant()).isEqualTo(before);
    }

    @Test
    void foreignIdsInsideABodyAreRefused() {
        WebTestClient admin = as(home, null, Role.TENANT_ADMIN);
        String foreignUser = foreignIds.get("userId");

        for (Map.Entry<String, Map<String, ?>> attempt : Map.<String, Map<String, ?>>of(
                        "seats", Map.of("seatNo", "8001", "userId", foreignUser),
                        "groups", Map.of("name", "偷渡班组", "memberIds", List.of(foreignUser)))
                .entrySet()) {
            int status = admin.post()
                    .uri("/tenants/{t}/" + attempt.getKey(), home)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(attempt.getValue())
                    .exchange()
                    .expectBody(String.class)
                    .returnResult()
                    .getStatus()
                    .value();
            assertThat(status).as("%s with a foreign user", attempt.getKey()).isIn(400, 404, 409, 422);
        }
    }

    @Test
    void platformEndpointsAreForOperatorsOnly() {
        List<Endpoint> platform = endpoints("/platform");
        assertThat(platform).isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (Role role : EnumSet.complementOf(EnumSet.of(Role.OPERATOR))) {
            WebTestClient caller = as(home, null, role);
            for (Endpoint endpoint : platform) {
                int status = call(caller, endpoint, expand(endpoint.pattern(), home))
                        .getStatus()
                        .value();
                if (status != 403) {
                    leaks.add(role + " → " + endpoint + ": " + status);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void internalEndpointsNeedTheInternalTokenNotAUserToken() {
        List<Endpoint> internal = endpoints("/internal");
        assertThat(internal).isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (WebTestClient caller :
                List.of(TestClients.anonymous(port), as(home, null, Role.TENANT_ADMIN), TestClients.operator(port))) {
            for (Endpoint endpoint : internal) {
                int status = call(caller, endpoint, expand(endpoint.pattern(), home))
                        .getStatus()
                        .value();
                if (status != 401) {
                    leaks.add(endpoint + ": " + status);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void aWorkstationUserSeesOnlyItsOwnWorkstationsPeople() {
        WebTestClient admin = as(home, null, Role.TENANT_ADMIN);
        String eastUser = create(
                admin,
                home,
                "users",
                Map.of(
                        "username",
                        "east-agent",
                        "displayName",
                        "东区坐席",
                        "password",
                        PASSWORD,
                        "scopeUnit",
                        home + ".east",
                        "roles",
                        List.of("AGENT")));
        String westUser = create(
                admin,
                home,
                "users",
                Map.of(
                        "username",
                        "west-agent",
                        "displayName",
                        "西区坐席",
                        "password",
                        PASSWORD,
                        "scopeUnit",
                        home + ".west",
                        "roles",
                        List.of("AGENT")));
        create(admin, home, "seats", Map.of("seatNo", "1001", "userId", eastUser, "scopeUnit", home + ".east"));
        create(admin, home, "seats", Map.of("seatNo", "2001", "userId", westUser, "scopeUnit", home + ".west"));

        WebTestClient eastSupervisor = as(home, home + ".east", Role.SUPERVISOR);
        for (String collection : List.of("users", "seats")) {
            String listing = eastSupervisor
                    .get()
                    .uri("/tenants/{t}/" + collection, home)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(listing).as(collection).contains(eastUser).doesNotContain(westUser);
        }
        eastSupervisor
                .get()
                .uri("/tenants/{t}/users/{id}", home, westUser)
                .exchange()
                .expectStatus()
                .isNotFound();
        String tenantWide = admin.get()
                .uri("/tenants/{t}/users", home)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(tenantWide).contains(eastUser, westUser).doesNotContain(foreignIds.get("userId"));
    }
}
