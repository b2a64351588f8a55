package cn.hotline.benchmarks.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Benchmark (3): how many calls per second SIPp can set up, and the p99 of INVITE → 200 OK, on three paths measured in
 * one run on this machine:
 *
 * <ol>
 *   <li><b>baseline</b>: SIPp UAC → SIPp's built-in UAS ({@code -sn uas}): the cost of SIPp and the loopback alone;
 *   <li><b>direct</b>: SIPp → call-cloud (its executable jar in its own JVM): JAIN-SIP, admission (number lookup cached,
 *       two blacklist queries in PostgreSQL, the quota script in Redis), rtpengine offer/answer, owner record, ACD
 *       hand-over (the tenant's writer, a PostgreSQL group commit), then on BYE the ACD abandon, rtpengine delete and
 *       the Redis releases;
 *   <li><b>via Kamailio</b>: SIPp → devstack's Kamailio (record-route, dispatcher) → call-cloud;
 *   <li><b>direct again</b>: the direct path once more, so warm-up and load drift show.
 * </ol>
 *
 * Each path runs {@code bench.calls} calls with at most {@code bench.concurrency} in flight as fast as they complete
 * (after {@code bench.warmupCalls} warm-up calls); set-up times come from SIPp's {@code -trace_rtt}. tenant-service's
 * number lookup is a stub in this JVM (answers are cached by call-cloud, so it is asked once).
 */
public final class SipSetupBenchmark {

    private static final String TENANT = "bench-sip";
    private static final String NUMBER = "055165312345";
    private static final String INTERNAL_TOKEN = "benchmark-internal-token-0123456789";

    private SipSetupBenchmark() {}

    record Measured(String path, int attempted, int succeeded, double seconds, double p50Ms, double p99Ms) {
        double rate() {
            return succeeded / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path env = Path.of(System.getProperty("bench.env", ".devstack/stack.env"));
        Path jar = Path.of(
                System.getProperty("bench.callCloudJar", "call-cloud/target/call-cloud-0.1.0-SNAPSHOT-exec.jar"));
        Path scenario =
                Path.of(System.getProperty("bench.scenario", "benchmarks/src/main/resources/sipp/uac_setup.xml"));
        int calls = Integer.getInteger("bench.calls", 2000);
        int warmup = Integer.getInteger("bench.warmupCalls", 300);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        Properties stack = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            stack.load(reader);
        }
        Path work = Files.createDirectories(Path.of("benchmarks/target/sip"));
        String edgeHost = stack.getProperty("CC_SIP_EDGE_HOST");
        int edgePort = Integer.parseInt(stack.getProperty("CC_SIP_EDGE_PORT"));
        int sipPort =
                Integer.parseInt(stack.getProperty("CC_SIP_INSTANCE_PORTS").split(",")[0]);

        System.out.printf(
                Locale.ROOT,
                "SIP call set-up: %d calls per path after %d warm-up calls, at most %d in flight; %d cores%n",
                calls,
                warmup,
                concurrency,
                Runtime.getRuntime().availableProcessors());

        DisposableServer directory = directoryStub();
        redis(stack, "HSET", "t:" + TENANT + ":quota", "limit:CONCURRENT_CALLS", "100000");
        Process callCloud = startCallCloud(stack, jar, sipPort, "http://127.0.0.1:" + directory.port(), work);
        Process uas = null;
        try {
            int uasPort = freePort();
            uas = new ProcessBuilder(
                            "/usr/bin/sipp",
                            "-sn",
                            "uas",
                            "-i",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(uasPort),
                            "-nostdin")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("uas.out").toFile())
                    .start();
            Thread.sleep(500);
            if (!uas.isAlive()) {
                throw new IllegalStateException("SIPp's UAS did not start; see " + work.resolve("uas.out"));
            }
            awaitEdge(edgeHost, edgePort);

            List<Measured> results = new ArrayList<>();
            String[][] paths = {
                {"baseline: SIPp -> SIPp UAS", "127.0.0.1", Integer.toString(uasPort)},
                {"direct: SIPp -> call-cloud", "127.0.0.1", Integer.toString(sipPort)},
                {"via Kamailio -> call-cloud", edgeHost, Integer.toString(edgePort)},
                // again, so that JIT warm-up and the machine's load drift show instead of favouring the later path
                {"direct again", "127.0.0.1", Integer.toString(sipPort)},
            };
            for (String[] path : paths) {
                run(work, scenario, path[0], path[1], Integer.parseInt(path[2]), warmup, concurrency);
                results.add(run(work, scenario, path[0], path[1], Integer.parseInt(path[2]), calls, concurrency));
            }

            Measured baseline = results.getFirst();
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%-30s %9s %9s %10s %9s %9s %14s %14s%n",
                    "path",
                    "calls",
                    "ok",
                    "calls/s",
                    "p50 ms",
                    "p99 ms",
                    "rate/baseline",
                    "p99/baseline*");
            for (Measured m : results) {
                System.out.printf(
                        Locale.ROOT,
                        "%-30s %9d %9d %10.1f %9.2f %9.2f %13.3fx %13.1fx%n",
                        m.path(),
                        m.attempted(),
                        m.succeeded(),
                        m.rate(),
                        m.p50Ms(),
                        m.p99Ms(),
                        m.rate() / baseline.rate(),
                        m.p99Ms() / Math.max(baseline.p99Ms(), 1.0));
            }
            System.out.println(
                    "* SIPp reports response times in whole milliseconds; a baseline below 1 ms counts as 1 ms.");
            Measured edge = results.get(2);
            double directRate = (results.get(1).rate() + results.get(3).rate()) / 2;
            double directP99 = (results.get(1).p99Ms() + results.get(3).p99Ms()) / 2;
            System.out.printf(
                    Locale.ROOT,
                    "Kamailio's share (against the mean of both direct runs): rate via Kamailio / direct = %.3f,"
                            + " p99 via Kamailio / direct = %.2f%n",
                    edge.rate() / directRate,
                    edge.p99Ms() / Math.max(directP99, 1.0));
        } finally {
            if (uas != null) {
                uas.destroy();
                uas.waitFor(10, TimeUnit.SECONDS);
            }
            callCloud.destroy();
            callCloud.waitFor(20, TimeUnit.SECONDS);
            directory.disposeNow();
        }
    }

    private static Measured run(
            Path work, Path scenario, String name, String host, int port, int calls, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory(work, "run-");
        List<String> command = List.of(
                "/usr/bin/sipp",
                host + ":" + port,
                "-sf",
                scenario.toAbsolutePath().toString(),
                "-i",
                "127.0.0.1",
                "-mi",
                "127.0.0.1",
                "-mp",
                Integer.toString(freePort() & ~1),
                "-s",
                NUMBER,
                "-key",
                "caller",
                "13800138000",
                "-m",
                Integer.toString(calls),
                "-r",
                "10000",
                "-l",
                Integer.toString(concurrency),
                "-recv_timeout",
                "10000",
                "-timeout",
                "600s",
                "-trace_rtt",
                "-rtt_freq",
                "1",
                "-nostdin");
        long start = System.nanoTime();
        Process sipp = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile())
                .start();
        if (!sipp.waitFor(15, TimeUnit.MINUTES)) {
            sipp.destroyForcibly();
            throw new IllegalStateException("SIPp did not finish: " + name);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(dir.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
        int succeeded = counter(output, "Successful call");
        double[] rtts = rtts(dir);
        Arrays.sort(rtts);
        return new Measured(name, calls, succeeded, seconds, percentile(rtts, 0.50), percentile(rtts, 0.99));
    }

    private static int counter(String output, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)")
                .matcher(output);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    /** Response times (ms) from SIPp's {@code *_rtt.csv}: {@code Date_ms;response_time_ms;rtd_no}. */
    private static double[] rtts(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path csv = files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("SIPp wrote no rtt file in " + dir));
            return Files.readAllLines(csv).stream()
                    .skip(1)
                    .map(line -> line.split(";"))
                    .filter(parts -> parts.length >= 2)
                    .mapToDouble(parts -> Double.parseDouble(parts[1]))
                    .toArray();
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static DisposableServer directoryStub() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/internal/numbers/{number}", (request, response) -> {
                    if (!INTERNAL_TOKEN.equals(request.requestHeaders().get("X-Internal-Token"))
                            || !NUMBER.equals(request.param("number"))) {
                        return response.status(404).send();
                    }
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"number\":\"" + NUMBER + "\",\"tenant\":\"" + TENANT
                                    + "\",\"status\":\"ACTIVE\"}"));
                }))
                .bindNow();
    }

    private static Process startCallCloud(Properties stack, Path jar, int sipPort, String directory, Path work)
            throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build call-cloud first: " + jar.toAbsolutePath());
        }
        int httpPort = freePort();
        Map<String, String> environment = new HashMap<>();
        stack.stringPropertyNames().forEach(key -> environment.put(key, stack.getProperty(key)));
        environment.put("SERVER_PORT", Integer.toString(httpPort));
        environment.put("CC_SIP_PORT", Integer.toString(sipPort));
        environment.put("CC_TENANT_SERVICE_URL", directory);
        environment.put("CC_INTERNAL_TOKEN", INTERNAL_TOKEN);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--cc.media.rtpengine.ng-url=" + stack.getProperty("CC_RTPENGINE_NG_URL"),
                        "--cc.media.rtpengine.ng-tcp-url=" + stack.getProperty("CC_RTPENGINE_NG_TCP_URL"),
                        "--cc.call.acd.after-call-work=0s",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("call-cloud.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        // a loaded shared machine can take minutes to start a JVM service: bench.startSeconds (300) bounds the wait
        Duration startLimit = Duration.ofSeconds(Long.getLong("bench.startSeconds", 300));
        long deadline = System.nanoTime() + startLimit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("call-cloud exited; see " + work.resolve("call-cloud.log"));
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return process;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException("call-cloud did not report UP in " + startLimit);
    }

    /** Waits until Kamailio's dispatcher has taken call-cloud in (an OPTIONS through it is answered by call-cloud). */
    private static void awaitEdge(String host, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(500);
            for (int n = 1; System.nanoTime() < deadline; n++) {
                String options = "OPTIONS sip:probe@" + host + ":" + port + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-bench-" + n
                        + "\r\nFrom: <sip:bench@127.0.0.1>;tag=b" + n + "\r\nTo: <sip:probe@127.0.0.1>\r\n"
                        + "Call-ID: bench-probe-" + n + "-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\n"
                        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(host, port)));
                try {
                    byte[] buffer = new byte[4096];
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("SIP/2.0 200") && text.contains("Allow:")) {
                        return;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // again
                }
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException("Kamailio did not route to call-cloud within 20 s");
    }

    /** One RESP command to the devstack's Redis. */
    private static void redis(Properties stack, String... command) throws IOException {
        try (Socket socket =
                new Socket(stack.getProperty("CC_REDIS_HOST"), Integer.parseInt(stack.getProperty("CC_REDIS_PORT")))) {
            StringBuilder resp = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                resp.append('$')
                        .append(part.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == '-') {
                throw new IOException("Redis refused " + command[0]);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
