package cn.hotline.benchmarks.ticket;

import cn.hotline.benchmarks.BenchmarkTokens;
import cn.hotline.benchmarks.GatewayProcess;
import cn.hotline.benchmarks.PersonalDataKeys;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Ticket transitions per second through ticket-service's HTTP API, each one a real step: JWT check, role check, one
 * transaction that replays the ledger, lets the aggregate decide, appends the ledger entry, updates the projection
 * with its version check and writes the outbox event (which the relay publishes to Pulsar meanwhile). Workers drive
 * tickets through a whole life: open, dispatch, sign for (as the unit), reply, result review, callback, close,
 * archive — 8 transitions per ticket.
 *
 * <p>Baselines in the same run, against the same service: {@code GET /actuator/health} (no token, no database) and
 * {@code GET /tenants/{t}/tickets/{id}} (token, one read transaction replaying an 8-entry ledger). The ratios say what
 * a transition costs relative to them, independent of the machine.
 *
 * <p>The service runs from its executable jar in its own JVM against the servers of a running devstack ({@code
 * -Dbench.env=<stack.env>}); tenant-service's unit and calendar endpoints are served by a stub in this JVM.
 */
public final class TicketTransitions {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String INTERNAL_TOKEN = "benchmark-internal-token-0123456789";
    private static final String UNITS = "[{\"code\":\"bench-unit\",\"name\":\"基准单位\",\"level\":\"CITY_MEMBER\","
            + "\"parentCode\":null,\"contacts\":[],\"active\":true}]";
    private static final String CALENDAR = "{\"zone\":\"Asia/Shanghai\",\"hours\":{\"MONDAY\":[{\"start\":\"09:00\","
            + "\"end\":\"17:30\"}],\"TUESDAY\":[{\"start\":\"09:00\",\"end\":\"17:30\"}],\"WEDNESDAY\":[{\"start\":"
            + "\"09:00\",\"end\":\"17:30\"}],\"THURSDAY\":[{\"start\":\"09:00\",\"end\":\"17:30\"}],\"FRIDAY\":"
            + "[{\"start\":\"09:00\",\"end\":\"17:30\"}]},\"makeupDay\":[{\"start\":\"09:00\",\"end\":\"17:30\"}],"
            + "\"specialDays\":[]}";

    private final reactor.netty.http.client.HttpClient http;
    private final String tenant;
    private final String clerk;
    private final String unit;

    private TicketTransitions(String baseUrl, String tenant, String clerk, String unit, int concurrency) {
        this.http = reactor.netty.http.client.HttpClient.create(ConnectionProvider.create("bench", concurrency * 2))
                .baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(30));
        this.tenant = tenant;
        this.clerk = clerk;
        this.unit = unit;
    }

    public static void main(String[] args) throws Exception {
        Path env = Path.of(required("bench.env"));
        Path jar = Path.of(required("bench.ticket.jar"));
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmupSeconds", 20);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        Map<String, String> stack = load(env);

        DisposableServer directory = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(r -> r.get(
                        "/internal/tenants/{t}/{what}", (req, res) -> res.header("Content-Type", "application/json")
                                .sendString(Mono.just("units".equals(req.param("what")) ? UNITS : CALENDAR))))
                .bindNow();
        String tenant = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        provisionPulsar(stack.get("CC_PULSAR_ADMIN_URL"), tenant);

        BenchmarkTokens tokens = new BenchmarkTokens("https://auth.benchmark.invalid");
        Map<String, String> environment = new HashMap<>(stack);
        environment.put("CC_INTERNAL_TOKEN", INTERNAL_TOKEN);
        environment.putAll(PersonalDataKeys.freshEnvironment());
        List<String> arguments = List.of(
                "--cc.security.issuer-base=https://auth.benchmark.invalid",
                "--cc.security.public-key=" + tokens.publicKeyPem(),
                "--cc.ticket.directory.base-url=http://127.0.0.1:" + directory.port(),
                "--cc.ticket.sla.scan-enabled=false",
                "--logging.level.root=warn");
        Path log = Path.of("benchmarks", "target", "ticket-service-benchmark.log");
        Files.createDirectories(log.getParent());
        List<String> jvm = Arrays.asList(
                System.getProperty("bench.ticket.jvmOptions", "-Xmx512m").split(" "));
        System.out.printf(
                Locale.ROOT, "starting ticket-service (%s), tenant %s, %d in flight%n", jar, tenant, concurrency);
        try (GatewayProcess service = GatewayProcess.start(jar, environment, jvm, arguments, log)) {
            TicketTransitions bench = new TicketTransitions(
                    service.baseUrl(),
                    tenant,
                    tokens.user(tenant, List.of("TICKET_CLERK"), null),
                    tokens.user(tenant, List.of("UNIT_USER"), "unit:bench-unit"),
                    concurrency);
            String sample = bench.lifecycle(new Stats()).block(Duration.ofSeconds(60));
            System.out.println("sanity: one ticket went through all 8 transitions: " + sample);

            System.out.printf(Locale.ROOT, "warm-up %d s ...%n", warmup);
            bench.run(Duration.ofSeconds(warmup), concurrency, bench::lifecycleCounted);
            bench.run(Duration.ofSeconds(Math.max(5, warmup / 2)), concurrency, s -> bench.read(sample, s));

            Result health = bench.run(Duration.ofSeconds(seconds), concurrency, bench::health);
            Result reads = bench.run(Duration.ofSeconds(seconds), concurrency, s -> bench.read(sample, s));
            Result transitions = bench.run(Duration.ofSeconds(seconds), concurrency, bench::lifecycleCounted);

            System.out.println();
            System.out.println("== ticket-service, " + Runtime.getRuntime().availableProcessors() + " cores visible, "
                    + concurrency + " requests in flight, " + seconds + " s each ==");
            health.print("baseline GET /actuator/health");
            reads.print("baseline GET /tenants/{t}/tickets/{id}");
            transitions.print("ticket transitions (POST steps)");
            System.out.printf(
                    Locale.ROOT,
                    "ratio transitions / ticket reads = %.2f ; transitions / health = %.3f%n",
                    transitions.perSecond() / reads.perSecond(),
                    transitions.perSecond() / health.perSecond());
            if (transitions.errors() > 0 || reads.errors() > 0) {
                System.out.println("WARNING: errors occurred; see " + log);
            }
        } finally {
            directory.disposeNow();
        }
    }

    // ---- workloads: each emits one count per successful request into the stats

    private Mono<Void> health(Stats stats) {
        return timed(stats, http.get().uri("/actuator/health").responseSingle((r, b) -> b.asString()
                .map(x -> r.status().code())));
    }

    private Mono<Void> read(String id, Stats stats) {
        return timed(
                stats,
                http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + clerk))
                        .get()
                        .uri("/tenants/" + tenant + "/tickets/" + id)
                        .responseSingle(
                                (r, b) -> b.asString().map(x -> r.status().code())));
    }

    private Mono<Void> lifecycleCounted(Stats stats) {
        return lifecycle(stats).then();
    }

    /** One ticket's whole life: 8 transitions; emits its id. */
    private Mono<String> lifecycle(Stats stats) {
        String open = "{\"channel\":\"PHONE\",\"kind\":\"COMPLAINT\",\"category\":\"env.noise\",\"urgency\":\"NORMAL\","
                + "\"citizen\":{\"name\":\"张先生\",\"phone\":\"13800138000\"},\"content\":\"夜间施工噪音\"}";
        return post(stats, clerk, "/tenants/" + tenant + "/tickets", open, 201)
                .map(body -> {
                    Matcher m = ID.matcher(body);
                    if (!m.find()) {
                        throw new IllegalStateException("no id in " + body);
                    }
                    return m.group(1);
                })
                .flatMap(id -> step(stats, clerk, id, "dispatch", "{\"unit\":\"bench-unit\",\"text\":\"交办\"}")
                        .then(step(stats, unit, id, "sign-for", "{}"))
                        .then(step(stats, unit, id, "reply", "{\"text\":\"已处理\"}"))
                        .then(step(stats, clerk, id, "result-review", "{\"approved\":true,\"text\":\"通过\"}"))
                        .then(step(stats, clerk, id, "callback", "{\"satisfaction\":\"SATISFIED\",\"text\":\"满意\"}"))
                        .then(step(stats, clerk, id, "close", "{\"text\":\"办结\"}"))
                        .then(step(stats, clerk, id, "archive", "{}"))
                        .thenReturn(id));
    }

    private Mono<String> step(Stats stats, String token, String id, String action, String body) {
        return post(stats, token, "/tenants/" + tenant + "/tickets/" + id + "/" + action, body, 200);
    }

    private Mono<String> post(Stats stats, String token, String path, String body, int expected) {
        long start = System.nanoTime();
        return http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                .post()
                .uri(path)
                .send(reactor.netty.ByteBufFlux.fromString(
                        Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
                .responseSingle((r, b) -> b.asString().defaultIfEmpty("").map(text -> {
                    if (r.status().code() != expected) {
                        throw new IllegalStateException(
                                path + " answered " + r.status().code() + ": " + text);
                    }
                    return text;
                }))
                .doOnNext(x -> stats.ok(System.nanoTime() - start))
                .doOnError(e -> stats.error(e));
    }

    private Mono<Void> timed(Stats stats, Mono<Integer> request) {
        long start = System.nanoTime();
        return request.doOnNext(code -> {
                    if (code == 200) {
                        stats.ok(System.nanoTime() - start);
                    } else {
                        stats.error(new IllegalStateException("status " + code));
                    }
                })
                .doOnError(stats::error)
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    // ---- running and counting

    private Result run(Duration duration, int concurrency, java.util.function.Function<Stats, Mono<Void>> work) {
        Stats stats = new Stats();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        Flux.range(0, concurrency)
                .flatMap(
                        worker -> Mono.defer(() -> work.apply(stats).onErrorResume(e -> Mono.empty()))
                                .repeat(() -> !stop.get()),
                        concurrency)
                .take(duration)
                .doOnCancel(() -> stop.set(true))
                .blockLast(duration.plusSeconds(120));
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        return stats.result(seconds);
    }

    static final class Stats {
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private volatile String lastError = "";

        void ok(long nanos) {
            ok.incrementAndGet();
            latencies.add(nanos);
        }

        void error(Throwable e) {
            errors.incrementAndGet();
            lastError = String.valueOf(e.getMessage());
        }

        Result result(double seconds) {
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(
                    ok.get(), errors.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), lastError);
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    record Result(long ok, long errors, double seconds, double p50Millis, double p99Millis, String lastError) {
        double perSecond() {
            return ok / seconds;
        }

        void print(String what) {
            System.out.printf(
                    Locale.ROOT,
                    "%-42s %9.1f /s  (%d ok, %d errors, p50 %.1f ms, p99 %.1f ms)%s%n",
                    what,
                    perSecond(),
                    ok,
                    errors,
                    p50Millis,
                    p99Millis,
                    errors > 0 ? " last error: " + lastError : "");
        }
    }

    // ---- setup

    private static void provisionPulsar(String adminUrl, String tenant) throws Exception {
        try (HttpClient admin = HttpClient.newHttpClient()) {
            String clusters = admin.send(
                            HttpRequest.newBuilder(URI.create(adminUrl + "/admin/v2/clusters"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String cluster = clusters.replaceAll("[\\[\\]\" ]", "").split(",")[0];
            put(admin, adminUrl + "/admin/v2/tenants/" + tenant, "{\"allowedClusters\":[\"" + cluster + "\"]}");
            put(admin, adminUrl + "/admin/v2/namespaces/" + tenant + "/tickets", "{}");
        }
    }

    private static void put(HttpClient admin, String url, String body) throws Exception {
        HttpResponse<String> response = admin.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "PUT " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Map<String, String> load(Path env) throws Exception {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set -D" + property);
        }
        return value;
    }
}
