package cn.hotline.workforce.training;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.workforce.testing.Multipart;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Training and exams through the API on the real servers (PostgreSQL, S3 store, Redis for ShedLock). */
@WorkforceServiceTest
class TrainingIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};

    @LocalServerPort
    int port;

    @Autowired
    TrainingJobs jobs;

    WebTestClient http;
    String tenant;
    String admin;
    String agent;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = "trn-" + UUID.randomUUID().toString().substring(0, 8);
        admin = token(tenant, "u-admin", Role.TENANT_ADMIN);
        agent = token(tenant, "u-agent", Role.AGENT);
    }

    static String token(String tenant, String subject, Role... roles) {
        return TestTokens.mint(claims -> claims.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject(subject)
                .claim("tenant", tenant)
                .claim("roles", Arrays.stream(roles).map(Role::name).toList())
                .claim("name", "学员" + subject));
    }

    @Test
    void storesCourseMaterialsInTheS3StoreAndHandsOutADownloadLink() throws Exception {
        Map<String, Object> course = post(
                admin, "/training/courses", Map.of("title", "医保政策解读", "description", "2026年度", "category", "医保"), 201);
        String id = (String) course.get("id");
        byte[] pdf = "%PDF-1.4 培训讲义".getBytes(StandardCharsets.UTF_8);
        Multipart form = new Multipart().file("file", "讲义.pdf", "application/pdf", pdf);
        Map<String, Object> material = http.post()
                .uri("/tenants/{t}/training/courses/{id}/materials", tenant, id)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(form.contentType())
                .bodyValue(form.bytes())
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
        assertThat(material).containsEntry("name", "讲义.pdf").containsEntry("size", pdf.length);

        Map<String, Object> seen = get(agent, "/training/courses/" + id);
        assertThat((List<?>) seen.get("materials")).hasSize(1);
        String url = (String) get(agent, "/training/materials/" + material.get("id") + "/link")
                .get("url");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);

        String other = "trn-other-" + UUID.randomUUID().toString().substring(0, 5);
        http.get()
                .uri("/tenants/{t}/training/courses/{id}", other, id)
                .headers(h -> h.setBearerAuth(token(other, "u-admin", Role.TENANT_ADMIN)))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.post()
                .uri("/tenants/{t}/training/courses", tenant)
                .headers(h -> h.setBearerAuth(agent))
                .bodyValue(Map.of("title", "x", "category", "y"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void refusesMalformedQuestions() {
        List<Map<String, Object>> bad = List.of(
                question("SINGLE", "医保", 1, List.of("甲", "乙"), List.of("A", "B"), 2),
                question("MULTIPLE", "医保", 1, List.of("甲", "乙", "丙"), List.of("A"), 2),
                question("SINGLE", "医保", 1, List.of("甲", "乙"), List.of("C"), 2),
                question("TRUE_FALSE", "医保", 1, List.of("对", "错"), List.of("true"), 2),
                question("TRUE_FALSE", "医保", 1, List.of(), List.of("maybe"), 2),
                question("SHORT", "医保", 9, List.of(), List.of("参考"), 2),
                question("ESSAY", "医保", 1, List.of(), List.of("x"), 2));
        for (Map<String, Object> q : bad) {
            http.post()
                    .uri("/tenants/{t}/training/questions", tenant)
                    .headers(h -> h.setBearerAuth(admin))
                    .bodyValue(q)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("VALIDATION_FAILED");
        }
        assertThat(list(admin, "/training/questions")).isEmpty();
    }

    @Test
    void assemblesPapersByRulesAndTheSameSeedGivesTheSamePaper() {
        for (int i = 0; i < 6; i++) {
            addQuestion(question("SINGLE", i < 4 ? "医保" : "社保", 1 + i % 3, List.of("甲", "乙", "丙"), List.of("A"), 2));
        }
        for (int i = 0; i < 3; i++) {
            addQuestion(question("TRUE_FALSE", "医保", 2, List.of(), List.of("true"), 1));
        }
        for (int i = 0; i < 2; i++) {
            addQuestion(question("SHORT", "医保", 3, List.of(), List.of("先受理后转办"), 10));
        }
        Map<String, Object> rules = Map.of(
                "title",
                "月考",
                "durationSeconds",
                1800,
                "seed",
                42,
                "rules",
                List.of(
                        Map.of("kind", "SINGLE", "category", "医保", "count", 3),
                        Map.of("kind", "TRUE_FALSE", "count", 2),
                        Map.of("kind", "SHORT", "difficulty", 3, "count", 1)));
        Map<String, Object> first = post(admin, "/training/papers", rules, 201);
        Map<String, Object> again = post(admin, "/training/papers", rules, 201);

        List<Map<String, Object>> questions = items(first, "questions");
        assertThat(questions)
                .extracting(q -> q.get("kind"))
                .containsExactly("SINGLE", "SINGLE", "SINGLE", "TRUE_FALSE", "TRUE_FALSE", "SHORT");
        assertThat(questions.subList(0, 3)).allMatch(q -> q.get("category").equals("医保"));
        assertThat(first.get("totalPoints")).isEqualTo(3 * 2 + 2 + 10);
        assertThat(items(again, "questions"))
                .extracting(q -> q.get("id"))
                .containsExactlyElementsOf(
                        questions.stream().map(q -> q.get("id")).toList());

        http.post()
                .uri("/tenants/{t}/training/papers", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of(
                        "title", "太多", "durationSeconds", 60, "rules", List.of(Map.of("kind", "SHORT", "count", 5))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("rules")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("the bank has 2"));
    }

    @Test
    void scoresObjectiveAnswersAutomaticallyAndShortOnesByHandWithComments() throws Exception {
        String single = addQuestion(question("SINGLE", "医保", 1, List.of("12393", "12345"), List.of("A"), 2));
        String multiple =
                addQuestion(question("MULTIPLE", "医保", 2, List.of("身份证", "社保卡", "户口本"), List.of("A", "B"), 4));
        String trueFalse = addQuestion(question("TRUE_FALSE", "医保", 1, List.of(), List.of("false"), 1));
        String shortQ = addQuestion(question("SHORT", "医保", 3, List.of(), List.of("先安抚，再核实，后答复"), 10));
        String paper = (String) post(
                        admin,
                        "/training/papers",
                        Map.of(
                                "title",
                                "口径考试",
                                "durationSeconds",
                                600,
                                "rules",
                                List.of(
                                        Map.of("kind", "SINGLE", "count", 1),
                                        Map.of("kind", "MULTIPLE", "count", 1),
                                        Map.of("kind", "TRUE_FALSE", "count", 1),
                                        Map.of("kind", "SHORT", "count", 1))),
                        201)
                .get("id");

        Map<String, Object> exam = post(agent, "/training/papers/" + paper + "/exams", Map.of(), 201);
        String id = (String) exam.get("id");
        assertThat(exam.get("status")).isEqualTo("IN_PROGRESS");
        assertThat(items(exam, "items")).allMatch(i -> i.get("reference") == null);
        assertThat(post(agent, "/training/papers/" + paper + "/exams", Map.of(), 201)
                        .get("id"))
                .isEqualTo(id);

        answer(id, single, List.of("A"), 200);
        answer(id, multiple, List.of("A", "C"), 200);
        answer(id, trueFalse, List.of("false"), 200);
        answer(id, shortQ, List.of("先安抚群众情绪，核实后答复"), 200);
        Map<String, Object> submitted = post(agent, "/training/exams/" + id + "/submit", Map.of(), 200);
        assertThat(submitted.get("status")).isEqualTo("SUBMITTED");
        assertThat(submitted.get("objectiveScore")).isEqualTo(2 + 0 + 1);
        assertThat(submitted.get("totalScore")).isNull();
        answer(id, single, List.of("B"), 409);

        http.post()
                .uri("/tenants/{t}/training/exams/{e}/answers/{q}/score", tenant, id, shortQ)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("points", 11))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/tenants/{t}/training/exams/{e}/answers/{q}/score", tenant, id, single)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("points", 1))
                .exchange()
                .expectStatus()
                .isBadRequest();
        Map<String, Object> scored = post(
                admin,
                "/training/exams/" + id + "/answers/" + shortQ + "/score",
                Map.of("points", 7, "comment", "要点齐全，表述欠规范"),
                200);
        assertThat(scored.get("status")).isEqualTo("SCORED");
        assertThat(scored.get("manualScore")).isEqualTo(7);
        assertThat(scored.get("totalScore")).isEqualTo(10);

        Map<String, Object> mine = get(agent, "/training/exams/" + id);
        Map<String, Object> shortItem = items(mine, "items").stream()
                .filter(i -> i.get("question").equals(shortQ))
                .findFirst()
                .orElseThrow();
        assertThat(shortItem).containsEntry("comment", "要点齐全，表述欠规范").containsEntry("manualPoints", 7);
        assertThat(shortItem.get("reference")).isEqualTo(List.of("先安抚，再核实，后答复"));
        http.get()
                .uri("/tenants/{t}/training/exams/{e}", tenant, id)
                .headers(h -> h.setBearerAuth(token(tenant, "u-someone-else", Role.AGENT)))
                .exchange()
                .expectStatus()
                .isNotFound();

        assertThat(list(admin, "/training/papers/" + paper + "/results"))
                .extracting(r -> r.get("user"), r -> r.get("totalScore"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u-agent", 10));
        byte[] xlsx = http.get()
                .uri("/tenants/{t}/training/papers/{p}/results.xlsx", tenant, paper)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Row row = book.getSheetAt(0).getRow(1);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo("u-agent");
            assertThat(row.getCell(8).getNumericCellValue()).isEqualTo(10.0);
            assertThat(row.getCell(9).getNumericCellValue()).isEqualTo(17.0);
        }
    }

    @Test
    void theServerSubmitsAnExamWhenItsTimeIsUp() throws Exception {
        String single = addQuestion(question("SINGLE", "医保", 1, List.of("对", "错"), List.of("A"), 5));
        String tf = addQuestion(question("TRUE_FALSE", "医保", 1, List.of(), List.of("true"), 5));
        String paper = (String) post(
                        admin,
                        "/training/papers",
                        Map.of(
                                "title",
                                "限时",
                                "durationSeconds",
                                2,
                                "rules",
                                List.of(
                                        Map.of("kind", "SINGLE", "count", 1),
                                        Map.of("kind", "TRUE_FALSE", "count", 1))),
                        201)
                .get("id");
        String late = token(tenant, "u-late", Role.AGENT);
        String idle = token(tenant, "u-idle", Role.AGENT);
        String lateExam = (String) post(late, "/training/papers/" + paper + "/exams", Map.of(), 201)
                .get("id");
        String idleExam = (String) post(idle, "/training/papers/" + paper + "/exams", Map.of(), 201)
                .get("id");
        http.put()
                .uri("/tenants/{t}/training/exams/{e}/answers/{q}", tenant, lateExam, single)
                .headers(h -> h.setBearerAuth(late))
                .bodyValue(Map.of("answer", List.of("A")))
                .exchange()
                .expectStatus()
                .isOk();

        Thread.sleep(2_500);
        http.put()
                .uri("/tenants/{t}/training/exams/{e}/answers/{q}", tenant, lateExam, tf)
                .headers(h -> h.setBearerAuth(late))
                .bodyValue(Map.of("answer", List.of("true")))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ILLEGAL_TRANSITION");
        Map<String, Object> lateView = get(late, "/training/exams/" + lateExam);
        assertThat(lateView).containsEntry("status", "SCORED").containsEntry("autoSubmitted", true);
        assertThat(lateView.get("totalScore")).isEqualTo(5);

        for (int i = 0; i < 50; i++) {
            TrainingJobs.Result r = jobs.runOnce().block(Duration.ofSeconds(30));
            if (r != null && r.ran()) {
                break;
            }
            Thread.sleep(200);
        }
        Map<String, Object> idleView = get(idle, "/training/exams/" + idleExam);
        assertThat(idleView).containsEntry("status", "SCORED").containsEntry("autoSubmitted", true);
        assertThat(idleView.get("totalScore")).isEqualTo(0);
    }

    // ---- helpers

    static Map<String, Object> question(
            String kind, String category, int difficulty, List<String> options, List<String> answer, int points) {
        return Map.of(
                "kind", kind,
                "category", category,
                "difficulty", difficulty,
                "stem", "题干" + UUID.randomUUID().toString().substring(0, 4),
                "options", options,
                "answer", answer,
                "points", points);
    }

    String addQuestion(Map<String, Object> q) {
        return (String) post(admin, "/training/questions", q, 201).get("id");
    }

    void answer(String exam, String question, List<String> answer, int status) {
        http.put()
                .uri("/tenants/{t}/training/exams/{e}/answers/{q}", tenant, exam, question)
                .headers(h -> h.setBearerAuth(agent))
                .bodyValue(Map.of("answer", answer))
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> body, String key) {
        return new ArrayList<>((List<Map<String, Object>>) body.get(key));
    }

    Map<String, Object> post(String token, String path, Map<String, Object> body, int status) {
        return http.post()
                .uri("/tenants/" + tenant + path)
                .headers(h -> h.setBearerAuth(token))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> get(String token, String path) {
        return http.get()
                .uri("/tenants/" + tenant + path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    List<Map<String, Object>> list(String token, String path) {
        return http.get()
                .uri("/tenants/" + tenant + path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }
}
