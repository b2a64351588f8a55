package cn.hotline.ticket.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The knowledge base through its HTTP API against the real PostgreSQL, with real tokens and row-level security. */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KnowledgeBaseIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    KnowledgeCitations citations;

    @Autowired
    KnowledgeSearch search;

    record Reply(int status, JsonNode body) {
        String code() {
            return body.path("code").asString("");
        }
    }

    static String tenant() {
        return "kb-" + Uuids.v7().toString().substring(24);
    }

    Reply call(String token, HttpMethod method, String uri, @Nullable Object body) {
        var spec = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .method(method)
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        var result = (body == null
                        ? spec
                        : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body))
                .exchange()
                .expectBody(String.class)
                .returnResult();
        String text = result.getResponseBody();
        return new Reply(
                result.getStatus().value(), text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
    }

    Reply post(String token, String uri, @Nullable Object body) {
        return call(token, HttpMethod.POST, uri, body);
    }

    Reply get(String token, String uri) {
        return call(token, HttpMethod.GET, uri, null);
    }

    static Map<String, Object> entry(String title, String body, String category) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("title", title);
        entry.put("body", body);
        entry.put("category", category);
        entry.put("tags", List.of("测试"));
        return entry;
    }

    /** Creates, submits and (by a second editor) approves an entry; returns its id. */
    String published(String tenant, String author, String reviewer, Map<String, Object> entry) {
        Reply created = post(author, "/tenants/" + tenant + "/knowledge/entries", entry);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(post(author, "/tenants/" + tenant + "/knowledge/entries/" + id + "/submit", null)
                        .status())
                .isEqualTo(200);
        Reply approved = post(reviewer, "/tenants/" + tenant + "/knowledge/entries/" + id + "/approve", null);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return id;
    }

    List<String> searchIds(String token, String tenant, String q) {
        Reply found = get(token, "/tenants/" + tenant + "/knowledge/search?q=" + q);
        assertThat(found.status()).as(found.body().toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        found.body().get("hits").forEach(hit -> ids.add(hit.get("id").asString()));
        return ids;
    }

    @Test
    void entryGoesFromDraftThroughFourEyesReviewToSearchAndOffTheShelfWithEveryStepInItsHistory() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        String agent = TestTokens.user(t, Role.AGENT);
        Reply created = post(
                alice,
                "/tenants/" + t + "/knowledge/entries",
                entry("异地就医备案办理方式", "可通过国家医保服务平台APP办理异地就医备案。", "医保/异地就医"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.body().get("status").asString()).isEqualTo("DRAFT");
        assertThat(searchIds(agent, t, "异地就医")).isEmpty();

        Reply early = post(alice, "/tenants/" + t + "/knowledge/entries/" + id + "/approve", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("ILLEGAL_TRANSITION");

        assertThat(post(alice, "/tenants/" + t + "/knowledge/entries/" + id + "/submit", Map.of("note", "请审核"))
                        .status())
                .isEqualTo(200);
        Reply self = post(alice, "/tenants/" + t + "/knowledge/entries/" + id + "/approve", null);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.code()).isEqualTo("FORBIDDEN");
        Reply byAgent = post(agent, "/tenants/" + t + "/knowledge/entries/" + id + "/approve", null);
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(post(bob, "/tenants/" + t + "/knowledge/entries/" + id + "/approve", null)
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("PUBLISHED");

        Reply found = get(agent, "/tenants/" + t + "/knowledge/search?q=异地就医怎么备案");
        assertThat(found.body().get("hits").get(0).get("id").asString()).isEqualTo(id);
        assertThat(found.body().get("hits").get(0).get("title").asString()).isEqualTo("<em>异地就医备案</em>办理方式");
        assertThat(found.body().get("hits").get(0).get("snippet").asString()).contains("<em>");

        assertThat(post(bob, "/tenants/" + t + "/knowledge/entries/" + id + "/take-off", null)
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("OFF_SHELF");
        assertThat(searchIds(agent, t, "异地就医")).isEmpty();
        assertThat(get(agent, "/tenants/" + t + "/knowledge/entries/" + id).status())
                .isEqualTo(404);
        post(bob, "/tenants/" + t + "/knowledge/entries/" + id + "/put-back", null);
        assertThat(searchIds(agent, t, "异地就医")).containsExactly(id);

        Map<String, Object> changed = entry("异地就医备案办理方式（2026版）", "新的办理方式。", "医保/异地就医");
        Reply revision = call(bob, HttpMethod.PUT, "/tenants/" + t + "/knowledge/entries/" + id, changed);
        assertThat(revision.status()).isEqualTo(200);
        String revisionId = revision.body().get("id").asString();
        assertThat(revisionId).isNotEqualTo(id);
        assertThat(revision.body().get("revises").asString()).isEqualTo(id);
        assertThat(revision.body().get("version").asInt()).isEqualTo(2);
        assertThat(revision.body().get("status").asString()).isEqualTo("DRAFT");
        assertThat(searchIds(agent, t, "异地就医"))
                .as("the live entry keeps serving")
                .containsExactly(id);
        post(bob, "/tenants/" + t + "/knowledge/entries/" + revisionId + "/submit", null);
        assertThat(post(bob, "/tenants/" + t + "/knowledge/entries/" + revisionId + "/approve", null)
                        .status())
                .isEqualTo(403);
        Reply live = post(alice, "/tenants/" + t + "/knowledge/entries/" + revisionId + "/approve", null);
        assertThat(live.body().get("id").asString()).isEqualTo(id);
        assertThat(live.body().get("version").asInt()).isEqualTo(2);
        assertThat(live.body().path("content").get("title").asString()).isEqualTo("异地就医备案办理方式（2026版）");
        assertThat(get(bob, "/tenants/" + t + "/knowledge/entries/" + revisionId)
                        .status())
                .isEqualTo(404);
        Reply revisedHit = get(agent, "/tenants/" + t + "/knowledge/search?q=异地就医");
        assertThat(revisedHit.body().get("hits")).hasSize(1);
        assertThat(revisedHit.body().get("hits").get(0).get("title").asString()).contains("2026版");

        Reply history = get(bob, "/tenants/" + t + "/knowledge/entries/" + id + "/history");
        List<String> steps = new ArrayList<>();
        history.body()
                .forEach(line -> steps.add(line.get("action").asString() + "@"
                        + line.get("version").asInt()));
        assertThat(steps)
                .containsExactly("CREATE@1", "SUBMIT@1", "APPROVE@1", "TAKE_OFF@1", "PUT_BACK@1", "APPROVE_REVISION@2");
        assertThat(history.body().get(5).get("changedBy").asString()).isNotBlank();
        assertThat(history.body().get(1).get("note").asString()).isEqualTo("请审核");
        assertThat(history.body().get(5).get("title").asString()).isEqualTo("异地就医备案办理方式（2026版）");
        assertThat(get(bob, "/tenants/" + t + "/knowledge/categories").body().toString())
                .contains("医保", "医保/异地就医");
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        Map<String, Object> noTitle = entry("", "正文", "医保");
        Reply reply = post(alice, "/tenants/" + t + "/knowledge/entries", noTitle);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(reply.body().get("detail").asString()).contains("title");
        Map<String, Object> backwards = entry("标题", "正文", "医保");
        backwards.put("validFrom", "2026-12-01");
        backwards.put("validTo", "2026-11-01");
        assertThat(post(alice, "/tenants/" + t + "/knowledge/entries", backwards)
                        .code())
                .isEqualTo("VALIDATION_FAILED");
        Map<String, Object> unitWithoutScope = entry("标题", "正文", "医保");
        unitWithoutScope.put("tier", "UNIT");
        assertThat(post(alice, "/tenants/" + t + "/knowledge/entries", unitWithoutScope)
                        .code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(get(alice, "/tenants/" + t + "/knowledge/search?q=").code()).isEqualTo("VALIDATION_FAILED");
        assertThat(get(alice, "/tenants/" + t + "/knowledge/entries").body()).isEmpty();
        assertThat(get(alice, "/tenants/" + t + "/knowledge/categories").body()).isEmpty();
    }

    @Test
    void noTenantSeesAnotherTenantsEntries() {
        String a = tenant();
        String b = tenant();
        String id = published(
                a,
                TestTokens.user(a, Role.SUPERVISOR),
                TestTokens.user(a, Role.TENANT_ADMIN),
                entry("公积金租房提取", "租房可以提取住房公积金。", "住房/公积金"));
        String agentB = TestTokens.user(b, Role.AGENT);
        assertThat(searchIds(agentB, b, "公积金")).isEmpty();
        assertThat(get(agentB, "/tenants/" + b + "/knowledge/entries/" + id).status())
                .isEqualTo(404);
        assertThat(get(agentB, "/tenants/" + a + "/knowledge/search?q=公积金").status())
                .isEqualTo(404);
        assertThat(post(
                                agentB,
                                "/tenants/" + b + "/knowledge/entries/" + id + "/citations",
                                Map.of("ticketId", TicketId.random().toString()))
                        .status())
                .isEqualTo(404);
        assertThat(searchIds(TestTokens.user(a, Role.AGENT), a, "公积金")).containsExactly(id);
    }

    @Test
    void tiersAndPersonalEntriesShowOnlyToThoseTheyAreFor() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        String shared = published(t, alice, bob, entry("燃气泄漏处置", "燃气泄漏时关闭阀门开窗通风。", "城建/燃气"));
        Map<String, Object> unitOnly = entry("燃气泄漏处置内部口径", "燃气集团内部联系方式。", "城建/燃气");
        unitOnly.put("tier", "UNIT");
        unitOnly.put("scopeUnit", "unit:gas");
        String forGas = published(t, alice, bob, unitOnly);

        String agent = TestTokens.user(t, Role.AGENT);
        Map<String, Object> note = entry("燃气泄漏我的话术", "先安抚来电人。", "个人");
        note.put("tier", "PERSONAL");
        Reply mine = post(agent, "/tenants/" + t + "/knowledge/entries", note);
        assertThat(mine.status()).isEqualTo(201);
        String noteId = mine.body().get("id").asString();
        post(agent, "/tenants/" + t + "/knowledge/entries/" + noteId + "/submit", null);
        assertThat(post(agent, "/tenants/" + t + "/knowledge/entries/" + noteId + "/approve", null)
                        .status())
                .as("a personal entry needs no reviewer")
                .isEqualTo(200);
        Reply sharedByAgent = post(agent, "/tenants/" + t + "/knowledge/entries", entry("越权", "正文", "城建"));
        assertThat(sharedByAgent.status()).isEqualTo(403);

        assertThat(searchIds(agent, t, "燃气泄漏")).containsExactlyInAnyOrder(shared, forGas, noteId);
        assertThat(searchIds(TestTokens.user(t, Role.AGENT), t, "燃气泄漏")).containsExactlyInAnyOrder(shared, forGas);
        String gasUser = TestTokens.user(t, List.of(Role.UNIT_USER), "unit:gas");
        String waterUser = TestTokens.user(t, List.of(Role.UNIT_USER), "unit:water");
        assertThat(searchIds(gasUser, t, "燃气泄漏")).containsExactlyInAnyOrder(shared, forGas);
        assertThat(searchIds(waterUser, t, "燃气泄漏")).containsExactly(shared);
        assertThat(get(waterUser, "/tenants/" + t + "/knowledge/entries/" + forGas)
                        .status())
                .isEqualTo(404);
        assertThat(get(TestTokens.user(t, Role.AGENT), "/tenants/" + t + "/knowledge/entries/" + noteId)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void expiredEntriesLeaveSearchByThemselvesAndFiltersNarrowIt() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        Map<String, Object> old = entry("供暖时间旧规定", "供暖期11月15日开始。", "城建/供暖");
        old.put("validTo", LocalDate.now().minusDays(1).toString());
        published(t, alice, bob, old);
        Map<String, Object> current = entry("供暖时间", "供暖期11月15日开始，3月15日结束。", "城建/供暖");
        current.put("validFrom", LocalDate.now().minusDays(30).toString());
        current.put("validTo", LocalDate.now().plusDays(30).toString());
        String now = published(t, alice, bob, current);
        String template = published(
                t,
                alice,
                bob,
                new HashMap<>(Map.of(
                        "title",
                        "供暖答复模板",
                        "body",
                        "您好，供暖期为每年11月15日至次年3月15日。",
                        "category",
                        "模板/城建",
                        "kind",
                        "TEMPLATE")));
        String agent = TestTokens.user(t, Role.AGENT);
        assertThat(searchIds(agent, t, "供暖时间")).containsExactlyInAnyOrder(now, template);
        assertThat(searchIds(agent, t, "供暖时间&category=城建")).containsExactly(now);
        assertThat(searchIds(agent, t, "供暖&kind=TEMPLATE")).containsExactly(template);
        assertThat(searchIds(agent, t, "供暖时间&on=" + LocalDate.now().minusDays(40)))
                .as("on a past day, the old rule was valid and the current one not yet")
                .contains(template)
                .doesNotContain(now);
    }

    @Test
    void citingAnEntryInATicketRecordsItReturnsTheLedgerTextAndMakesItHot() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        String id = published(t, alice, bob, entry("社保卡挂失补办", "社保卡丢失后拨打12333挂失，到银行网点补办。", "社保/社保卡"));
        String cold = published(t, alice, bob, entry("社保卡激活", "带身份证到银行激活社保卡。", "社保/社保卡"));
        TicketId ticket = TicketId.random();
        Citation citation = citations
                .cite(TenantId.of(t), UUID.fromString(id), ticket, "agent-7")
                .block(Duration.ofSeconds(30));
        assertThat(citation).isNotNull();
        assertThat(citation.text()).contains("《社保卡挂失补办》", "第 1 版", "12333");
        assertThat(citation.ticketId()).isEqualTo(ticket.value());

        String agent = TestTokens.user(t, Role.AGENT);
        Reply viaApi = post(
                agent,
                "/tenants/" + t + "/knowledge/entries/" + id + "/citations",
                Map.of("ticketId", ticket.toString()));
        assertThat(viaApi.status()).isEqualTo(201);
        Reply ledger = get(agent, "/tenants/" + t + "/knowledge/tickets/" + ticket + "/citations");
        assertThat(ledger.body()).hasSize(2);
        assertThat(ledger.body().get(0).get("text").asString()).isEqualTo(citation.text());

        Reply hot = get(agent, "/tenants/" + t + "/knowledge/hot");
        assertThat(hot.body().get(0).get("id").asString()).isEqualTo(id);
        assertThat(hot.body().get(0).get("hot").asDouble()).isEqualTo(6.0);
        assertThat(hot.body().toString()).doesNotContain(cold);

        post(bob, "/tenants/" + t + "/knowledge/entries/" + id + "/take-off", null);
        Reply refused = post(
                agent,
                "/tenants/" + t + "/knowledge/entries/" + id + "/citations",
                Map.of("ticketId", ticket.toString()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("CONFLICT");
        assertThat(get(agent, "/tenants/" + t + "/knowledge/tickets/" + ticket + "/citations")
                        .body())
                .hasSize(2);
    }

    @Test
    void aQuestionPutToAUnitIsAnsweredByThatUnitAndBecomesAnEntryAfterReview() {
        String t = tenant();
        String agent = TestTokens.user(t, Role.AGENT);
        Reply asked = post(
                agent,
                "/tenants/" + t + "/knowledge/questions",
                Map.of("unitCode", "gjj", "question", "灵活就业人员能否自愿缴存住房公积金？", "category", "住房/公积金"));
        assertThat(asked.status()).as(asked.body().toString()).isEqualTo(201);
        String id = asked.body().get("id").asString();
        String gjjUser = TestTokens.user(t, List.of(Role.UNIT_USER), "unit:gjj");
        String otherUnit = TestTokens.user(t, List.of(Role.UNIT_USER), "unit:water");
        assertThat(get(otherUnit, "/tenants/" + t + "/knowledge/questions").body())
                .isEmpty();
        assertThat(get(gjjUser, "/tenants/" + t + "/knowledge/questions").body())
                .hasSize(1);
        assertThat(post(otherUnit, "/tenants/" + t + "/knowledge/questions/" + id + "/answer", Map.of("answer", "x"))
                        .status())
                .isEqualTo(404);

        Reply answered = post(
                gjjUser,
                "/tenants/" + t + "/knowledge/questions/" + id + "/answer",
                Map.of("answer", "灵活就业人员可以持身份证到公积金中心签订自愿缴存协议，按月缴存住房公积金。"));
        assertThat(answered.status()).as(answered.body().toString()).isEqualTo(200);
        String entry = answered.body().get("entryId").asString();
        assertThat(post(gjjUser, "/tenants/" + t + "/knowledge/questions/" + id + "/answer", Map.of("answer", "再答"))
                        .code())
                .isEqualTo("ILLEGAL_TRANSITION");
        assertThat(searchIds(agent, t, "灵活就业公积金")).isEmpty();
        Reply approved = post(
                TestTokens.user(t, Role.SUPERVISOR),
                "/tenants/" + t + "/knowledge/entries/" + entry + "/approve",
                null);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(searchIds(agent, t, "灵活就业公积金")).containsExactly(entry);
    }

    @Test
    void yellowPagesAndSynonymsAndRebuildWork() {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        Map<String, Object> card = entry("市医疗保障局", "负责医保政策、医保缴费、异地就医备案等咨询。", "部门黄页");
        card.put("kind", "YELLOW_PAGE");
        card.put("unitCode", "ybj");
        card.put("contacts", List.of(Map.of("name", "待遇科", "phone", "0771-12393", "duty", "异地就医、慢特病")));
        String page = published(t, alice, bob, card);
        String agent = TestTokens.user(t, Role.AGENT);
        Reply pages = get(agent, "/tenants/" + t + "/knowledge/yellow-pages");
        assertThat(pages.body()).hasSize(1);
        assertThat(pages.body()
                        .get(0)
                        .path("content")
                        .path("contacts")
                        .get(0)
                        .get("phone")
                        .asString())
                .isEqualTo("0771-12393");
        assertThat(searchIds(agent, t, "待遇科电话")).containsExactly(page);

        assertThat(searchIds(agent, t, "外地看病")).isEmpty();
        Reply put =
                call(bob, HttpMethod.PUT, "/tenants/" + t + "/knowledge/synonyms", List.of(List.of("异地就医", "外地看病")));
        assertThat(put.status()).isEqualTo(200);
        assertThat(searchIds(agent, t, "外地看病")).containsExactly(page);
        assertThat(call(agent, HttpMethod.PUT, "/tenants/" + t + "/knowledge/synonyms", List.of(List.of("a", "b")))
                        .status())
                .isEqualTo(403);
        assertThat(call(bob, HttpMethod.PUT, "/tenants/" + t + "/knowledge/synonyms", List.of(List.of("孤")))
                        .code())
                .isEqualTo("VALIDATION_FAILED");

        Reply rebuilt = post(bob, "/tenants/" + t + "/knowledge/index/rebuild", null);
        assertThat(rebuilt.body().get("entries").asInt()).isEqualTo(1);
        assertThat(searchIds(agent, t, "外地看病")).containsExactly(page);
        assertThat(post(agent, "/tenants/" + t + "/knowledge/index/rebuild", null)
                        .status())
                .isEqualTo(403);
    }

    static byte[] workbook(String[]... rows) throws Exception {
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
                var out = new java.io.ByteArrayOutputStream()) {
            var sheet = book.createSheet("知识条目");
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    Reply upload(String token, String tenant, byte[] xlsx) {
        var result = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/tenants/" + tenant + "/knowledge/import")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(xlsx)
                .exchange()
                .expectBody(String.class)
                .returnResult();
        return new Reply(result.getStatus().value(), JSON.readTree(result.getResponseBody()));
    }

    @Test
    void excelImportCreatesDraftsOnlyWhenEveryRowIsValidAndExportGivesThemBack() throws Exception {
        String t = tenant();
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String[] header = {"分类", "标题", "正文", "标签", "失效日期"};
        Reply bad = upload(
                alice, t, workbook(header, new String[] {"城建/供水", "停水通知", "计划停水提前24小时通知。", "停水", ""}, new String[] {
                    "城建/供水", "", "没有标题", "", "2026-13-01"
                }));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(bad.body().get("rows").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(get(alice, "/tenants/" + t + "/knowledge/entries").body()).isEmpty();

        Reply ok = upload(
                alice, t, workbook(header, new String[] {"城建/供水", "停水通知", "计划停水提前24小时通知。", "停水，通知", ""}, new String[] {
                    "城建/供水", "水质发黄", "放水几分钟一般可以恢复。", "水质", "2027-12-31"
                }));
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(201);
        assertThat(ok.body().get("created").asInt()).isEqualTo(2);
        JsonNode drafts =
                get(alice, "/tenants/" + t + "/knowledge/entries?status=DRAFT").body();
        assertThat(drafts).hasSize(2);
        assertThat(upload(TestTokens.user(t, Role.AGENT), t, workbook(header)).status())
                .isEqualTo(403);

        byte[] exported = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/tenants/" + t + "/knowledge/export.xlsx")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(exported))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("标题");
            List<String> titles = List.of(
                    sheet.getRow(1).getCell(3).getStringCellValue(),
                    sheet.getRow(2).getCell(3).getStringCellValue());
            assertThat(titles).containsExactlyInAnyOrder("停水通知", "水质发黄");
            assertThat(sheet.getRow(1).getCell(5).getStringCellValue()).isIn("停水,通知", "水质");
        }
    }

    @Test
    void searchesKeepAnsweringWhileTheIndexIsRebuiltAndSwapped() {
        String t = tenant();
        String id = published(
                t,
                TestTokens.user(t, Role.SUPERVISOR),
                TestTokens.user(t, Role.TENANT_ADMIN),
                entry("供暖费缴纳", "供暖费按建筑面积收取。", "城建/供暖"));
        cn.hotline.kernel.security.Caller agent = new cn.hotline.kernel.security.Caller(
                "agent-x", TenantId.of(t), null, java.util.Set.of(Role.AGENT), null);
        var query = new cn.hotline.ticket.knowledge.search.SearchQuery("供暖费", null, null, search.today(), 5);
        var rebuilds = reactor.core.publisher.Flux.range(0, 5)
                .concatMap(i -> search.rebuild(TenantId.of(t)))
                .collectList()
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
        var searches = reactor.core.publisher.Flux.range(0, 300)
                .concatMap(i -> search.search(agent, query))
                .map(hits -> hits.stream().map(h -> h.id().toString()).toList())
                .collectList()
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
        var both = reactor.core.publisher.Mono.zip(rebuilds, searches).block(Duration.ofSeconds(60));
        assertThat(both).isNotNull();
        assertThat(both.getT1()).containsOnly(1);
        assertThat(both.getT2()).hasSize(300).containsOnly(List.of(id));
    }

    @Test
    void aWorkstationsSupervisorWritesOnlyItsOwnWorkstationsEntriesWhichOtherWorkstationsDoNotSee() {
        String t = tenant();
        String station = t + ".qingxiu";
        String other = t + ".xingning";
        String local = TestTokens.user(t, List.of(Role.SUPERVISOR), station);
        String localReviewer = TestTokens.user(t, List.of(Role.SUPERVISOR), station);
        Map<String, Object> tenantWide = entry("全市口径", "正文", "口径");
        assertThat(post(local, "/tenants/" + t + "/knowledge/entries", tenantWide)
                        .status())
                .isEqualTo(403);
        Map<String, Object> foreign = entry("兴宁口径", "正文", "口径");
        foreign.put("tier", "WORKSTATION");
        foreign.put("scopeUnit", other);
        assertThat(post(local, "/tenants/" + t + "/knowledge/entries", foreign).status())
                .isEqualTo(403);
        Map<String, Object> own = entry("青秀区停车收费口径", "青秀区路边停车首小时免费。", "口径");
        own.put("tier", "WORKSTATION");
        own.put("scopeUnit", station);
        String id = published(t, local, localReviewer, own);
        assertThat(searchIds(TestTokens.user(t, List.of(Role.AGENT), station), t, "停车收费"))
                .containsExactly(id);
        assertThat(searchIds(TestTokens.user(t, List.of(Role.AGENT), other), t, "停车收费"))
                .isEmpty();
        assertThat(searchIds(TestTokens.user(t, Role.AGENT), t, "停车收费")).containsExactly(id);
        assertThat(get(
                                TestTokens.user(t, List.of(Role.SUPERVISOR), other),
                                "/tenants/" + t + "/knowledge/entries/" + id)
                        .status())
                .isEqualTo(404);
    }
}
