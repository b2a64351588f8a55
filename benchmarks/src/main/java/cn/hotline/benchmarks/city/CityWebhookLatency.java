package cn.hotline.benchmarks.city;

import cn.hotline.benchmarks.PersonalDataKeys;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook end-to-end latency, as the city platform sees it: a signed {@code POST /hooks/city/{tenant}/tickets} to a
 * real ticket-service (its executable jar in its own JVM, against real PostgreSQL and Pulsar from devstack): signature
 * check against the tenant's secrets, schema check, receipt row, ticket row, commit, answer. Printed as p50 / p99
 * against a baseline measured in the same run on the same server and client: {@code GET /actuator/health/liveness}
 * (HTTP, the security chain and JSON, no database). A third series repeats already-seen webhook ids (the idempotent
 * replay path).
 *
 * <p>Settings (system properties): {@code bench.env} (devstack env file, required), {@code bench.ticketJar}
 * (required), {@code bench.requests} per series (2000), {@code bench.warmup} requests per series (500), {@code
 * bench.concurrency} clients in flight (4), {@code bench.log}.
 */
public final class CityWebhookLatency {

    private CityWebhookLatency() {}

    public static void main(String[] args) throws Exception {
        Properties env = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(required("bench.env")))) {
            env.load(reader);
        }
        int requests = Integer.getInteger("bench.requests", 2000);
        int warmup = Integer.getInteger("bench.warmup", 500);
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        int port = freePort();
        Path log = Path.of(System.getProperty("bench.log", "benchmarks/target/city-webhook-ticket-service.log"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                required("bench.ticketJar"),
                "--server.port=" + port,
                "--cc.ticket.city.relay-enabled=false",
                "--cc.ticket.city.worker-enabled=false",
                "--logging.level.root=warn");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        env.stringPropertyNames().forEach(name -> builder.environment().put(name, env.getProperty(name)));
        builder.environment().putAll(PersonalDataKeys.freshEnvironment());
        Process service = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitUp(http, base, service, log);
            grantSecret(env, tenant, secret);

            IntFunction<HttpRequest> liveness = i -> HttpRequest.newBuilder(base.resolve("/actuator/health/liveness"))
                    .GET()
                    .build();
            AtomicInteger seq = new AtomicInteger();
            List<String> seen = new ArrayList<>();
            IntFunction<HttpRequest> transfer = i -> {
                String id = "bench-" + seq.incrementAndGet() + "-" + UUID.randomUUID();
                synchronized (seen) {
                    seen.add(id);
                }
                return signed(base, tenant, id, secret, ticket(id));
            };
            IntFunction<HttpRequest> replay = i -> {
                String id;
                synchronized (seen) {
                    id = seen.get(i % seen.size());
                }
                return signed(base, tenant, id, secret, ticket(id));
            };

            System.out.printf(
                    Locale.ROOT,
                    "city webhook latency: %d requests per series after %d warm-up, %d in flight, ticket-service"
                            + " on %d cores (load before: %s)%n",
                    requests,
                    warmup,
                    concurrency,
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            run(http, liveness, warmup, concurrency, 200);
            long[] base0 = run(http, liveness, requests, concurrency, 200);
            run(http, transfer, warmup, concurrency, 201);
            long[] signed = run(http, transfer, requests, concurrency, 201);
            // a replay repeats the stored answer, status included
            run(http, replay, warmup, concurrency, 201);
            long[] replayed = run(http, replay, requests, concurrency, 201);
            print("baseline: GET /actuator/health/liveness", base0, base0);
            print("signed ticket push (verify, receipt, ticket, commit)", signed, base0);
            print("replayed webhook id (verify, receipt lookup)", replayed, base0);
            System.out.printf(Locale.ROOT, "load after: %s%n", loadAverage());
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static String ticket(String id) {
        return "{\"cityTicketNo\":\"" + id + "\",\"title\":\"路灯不亮\",\"content\":\"长江西路路灯连续三晚不亮，请尽快处理\","
                + "\"urgency\":\"NORMAL\"}";
    }

    static HttpRequest signed(URI base, String tenant, String id, String secret, String body) {
        long now = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(base.resolve("/hooks/city/" + tenant + "/tickets"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", "v1," + hmac(secret, id + "." + now + ".", bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    static String hmac(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Latencies in nanoseconds of {@code count} requests, {@code concurrency} closed-loop clients. */
    static long[] run(HttpClient http, IntFunction<HttpRequest> requests, int count, int concurrency, int expected)
            throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        HttpRequest request = requests.apply(i);
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - start;
                        if (response.statusCode() != expected) {
                            throw new IllegalStateException("expected " + expected + " but got " + response.statusCode()
                                    + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return latencies;
    }

    static double percentileMillis(long[] latencies, double p) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void print(String name, long[] series, long[] baseline) {
        double p50 = percentileMillis(series, 50);
        double p99 = percentileMillis(series, 99);
        System.out.printf(
                Locale.ROOT,
                "%-55s p50 %7.2f ms (%5.1f× baseline)   p99 %7.2f ms (%5.1f× baseline)%n",
                name,
                p50,
                p50 / percentileMillis(baseline, 50),
                p99,
                p99 / percentileMillis(baseline, 99));
    }

    private static void grantSecret(Properties env, String tenant, String secret) throws SQLException {
        String url = "jdbc:postgresql://" + env.getProperty("CC_PG_HOST") + ":" + env.getProperty("CC_PG_PORT")
                + "/cc_ticket";
        // set-up only: the benchmark gives the tenant its inbound secret as the superuser, as the admin API would
        try (Connection c = DriverManager.getConnection(
                        url, env.getProperty("CC_PG_SUPERUSER"), env.getProperty("CC_PG_SUPERPASSWORD"));
                PreparedStatement registry = c.prepareStatement(
                        "INSERT INTO city_exchange_tenant (tenant) VALUES (?) ON CONFLICT DO NOTHING");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO city_inbound_secret (tenant_id, id, secret) VALUES (?, ?, ?)")) {
            registry.setString(1, tenant);
            registry.executeUpdate();
            insert.setString(1, tenant);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, secret);
            insert.executeUpdate();
        }
    }

    private static void awaitUp(HttpClient http, URI base, Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("ticket-service exited; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException starting) {
                // not yet listening
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("ticket-service not UP in 180 s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set -D" + name);
        }
        return value;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
