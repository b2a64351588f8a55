package cn.hotline.tenant.importing;

import static cn.hotline.tenant.directory.TenantApiSupport.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.directory.NewUser;
import cn.hotline.tenant.directory.Organisation;
import cn.hotline.tenant.directory.Roles;
import cn.hotline.tenant.directory.TenantApiSupport;
import cn.hotline.tenant.directory.UserAccounts;
import cn.hotline.tenant.directory.UserView;
import cn.hotline.tenant.testing.TenantServiceTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class ImportIT {

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    @Autowired
    UserAccounts users;

    @Autowired
    Organisation organisation;

    WebTestClient http;
    String tenant;
    TenantContext context;

    @BeforeEach
    void setUp() throws Exception {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        tenant = TenantApiSupport.newTenant("ACTIVE");
        context = TenantContext.of(TenantId.of(tenant));
        roles.provisionDefaults(tenant).block();
        organisation.addSkillGroup(context, tenant, "yibao", "医保咨询", null).block();
        users.create(context, tenant, new NewUser("taken", "已存在", "Demo@12345", null, List.of("AGENT"), null), "test")
                .block();
    }

    /**
     * The multipart body is written by hand with a fixed boundary: WebClient's own boundary comes from SecureRandom,
     * which reads /dev/urandom on an event-loop thread and trips BlockHound in the test client.
     */
    private WebTestClient.ResponseSpec upload(byte[] xlsx, String auth) {
        String boundary = "----cc-test-boundary-7MA4YWxkTrZu0gW";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        body.writeBytes(("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"users.xlsx\"\r\n"
                        + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(utf8));
        body.writeBytes(xlsx);
        body.writeBytes(("\r\n--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"initialPassword\"\r\n\r\n"
                        + "Start@2026\r\n--" + boundary + "--\r\n")
                .getBytes(utf8));
        return http.post()
                .uri("/tenants/{t}/imports/users", tenant)
                .header("Authorization", auth)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(body.toByteArray())
                .exchange();
    }

    @Test
    void importsTheGoodRowsAndReportsEveryBadOneWithRowAndColumn() {
        byte[] xlsx = Sheets.xlsx(
                Sheets.HEADER,
                new Object[] {1001, "张三", "agent01", "坐席", "yibao:8", tenant + ".qingxiu", "13800138000"},
                new Object[] {"1002", "李四", "taken", "坐席", null, null, null}, // username exists in the tenant
                new Object[] {"1003", "王五", "agent03", "老板", null, null, null}, // unknown role
                new Object[] {"1004", "赵六", "agent04", "坐席", "nosuchskill", null, null}, // unknown skill group
                new Object[] {"1001", "钱七", "agent05", null, null, null, null}, // seat twice in the file
                new Object[] {"1006", "孙八", "agent06", "班长", null, "话务一部", null});

        ImportReport report = upload(xlsx, bearer(tenant, "TENANT_ADMIN", null))
                .expectStatus()
                .isOk()
                .expectBody(ImportReport.class)
                .returnResult()
                .getResponseBody();

        assertThat(report.total()).isEqualTo(6);
        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(4);
        assertThat(report.errors())
                .extracting(RowError::row, RowError::column)
                .containsExactly(tuple(3, "登录名"), tuple(4, "角色"), tuple(5, "技能组"), tuple(6, "工号"));

        List<UserView> all = users.list(context).collectList().block();
        assertThat(all).extracting(UserView::username).containsExactlyInAnyOrder("taken", "agent01", "agent06");
        UserView agent01 = all.stream()
                .filter(u -> u.username().equals("agent01"))
                .findFirst()
                .orElseThrow();
        assertThat(agent01.scopeUnit()).isEqualTo(tenant + ".qingxiu");
        // the failed row 5 (agent04) left neither its user nor its seat behind
        assertThat(organisation.seats(context).collectList().block())
                .extracting(Organisation.Seat::seatNo)
                .containsExactlyInAnyOrder("1001", "1006");
        // 话务一部 was not a workstation: it became a department
        assertThat(organisation.departments(context).collectList().block())
                .extracting(Organisation.Department::name)
                .containsExactly("话务一部");
        assertThat(organisation.skillsOf(context, agent01.id()).collectList().block())
                .extracting(Organisation.AgentSkill::level)
                .containsExactly(8);
    }

    @Test
    void importedUsersSignInWithTheInitialPassword() {
        upload(Sheets.xlsx(Sheets.HEADER, new Object[] {"2001", "周九", "agent09"}), bearer(tenant, "TENANT_ADMIN", null))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.imported")
                .isEqualTo(1);
        http.post()
                .uri("/internal/authentication")
                .header("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("tenant", tenant, "username", "agent09", "password", "Start@2026"))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anotherTenantsWorkstationIsARowError() {
        upload(
                        Sheets.xlsx(
                                Sheets.HEADER, new Object[] {"3001", "吴十", "agent30", null, null, "elsewhere.qingxiu"}),
                        bearer(tenant, "TENANT_ADMIN", null))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.imported")
                .isEqualTo(0)
                .jsonPath("$.errors[0].column")
                .isEqualTo("工作站/部门");
    }

    @Test
    void agentsMayNotImportAndANonWorkbookIsAReportNotACrash() {
        upload(Sheets.xlsx(Sheets.HEADER), bearer(tenant, "AGENT", null))
                .expectStatus()
                .isForbidden();
        upload("not a workbook".getBytes(), bearer(tenant, "TENANT_ADMIN", null))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.imported")
                .isEqualTo(0)
                .jsonPath("$.errors[0].row")
                .isEqualTo(0);
    }
}
