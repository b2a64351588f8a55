package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers of the platform, on free loopback ports: PostgreSQL, Redis, Pulsar, S3Mock, Janus, rtpengine,
 * coturn, Kamailio and an SMSC (in this JVM). They start in
 * parallel; {@link #close()} stops every process they started, and may be called at any time, also from a shutdown
 * hook while {@link #start()} is still running.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.create(runDir).start()) {
 *     StackEndpoints endpoints = stack.endpoints();
 * }
 * }</pre>
 *
 * <p>The run folder holds {@code logs/} (one file per server, kept after the stop), {@code conf/} and {@code data/}
 * (deleted on stop and before each start).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration START_SETTLE_TIMEOUT = Duration.ofSeconds(120);

    private final Path runDir;
    private final List<Server> servers;
    private final StackEndpoints endpoints;
    private final List<Ports.UdpRange> udpBlocks;
    private final Map<String, Duration> startTimes = new ConcurrentHashMap<>();
    private final AtomicBoolean startCalled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch startSettled = new CountDownLatch(1);
    private volatile @Nullable Duration totalStartTime;

    private LocalStack(Path runDir, List<Server> servers, StackEndpoints endpoints, Ports.UdpRange... udpBlocks) {
        this.runDir = runDir;
        this.servers = List.copyOf(servers);
        this.endpoints = endpoints;
        this.udpBlocks = List.of(udpBlocks);
    }

    /** Picks ports and credentials; starts nothing yet. */
    public static LocalStack create(Path runDirectory) {
        return create(runDirectory, List.of());
    }

    /**
     * @param s3Buckets buckets S3Mock creates at start
     */
    public static LocalStack create(Path runDirectory, List<String> s3Buckets) {
        return create(runDirectory, s3Buckets, false);
    }

    /**
     * @param s3Buckets buckets S3Mock creates at start
     * @param turnForOtherHosts coturn listens on every interface (agents' browsers on other machines: the run
     *     command's {@code --public-host}); every other server stays on loopback
     */
    public static LocalStack create(Path runDirectory, List<String> s3Buckets, boolean turnForOtherHosts) {
        Path runDir = runDirectory.toAbsolutePath().normalize();
        // Fail before anything starts when a piece is missing.
        Distribution distribution = Distribution.locate();
        Executables.require("redis-server", "redis-server");
        Executables.require("janus", "janus");
        Executables.require("rtpengine", "rtpengine-daemon");
        Executables.require("turnserver", "coturn");
        Executables.require("kamailio", "kamailio");

        Path logs = runDir.resolve("logs");
        Path data = runDir.resolve("data");
        Path conf = runDir.resolve("conf");
        String superPassword = Secrets.password();
        String ownerPassword = Secrets.password();
        String appPassword = Secrets.password();
        Ports.UdpRange janusUdp = Ports.freeUdpRange(400);
        // rtpengine's RTP on the first 300 ports, coturn's relays on the next 99, rtpengine's ng socket on the last.
        Ports.UdpRange mediaUdp = Ports.freeUdpRange(400);

        PostgresServer postgres = new PostgresServer(
                Ports.freeTcpPort(),
                data.resolve("postgres"),
                logs.resolve("postgres.log"),
                superPassword,
                ownerPassword,
                appPassword);
        int redisPort = Ports.freeTcpPort();
        RedisServer redis = new RedisServer(redisPort, data.resolve("redis"), logs.resolve("redis.log"));
        PulsarServer pulsar = new PulsarServer(
                distribution,
                Ports.freeTcpPort(),
                Ports.freeTcpPort(),
                conf.resolve("pulsar"),
                data.resolve("pulsar"),
                logs.resolve("pulsar"));
        S3MockServer s3 = new S3MockServer(
                distribution,
                Ports.freeTcpPort(),
                Ports.freeTcpPort(),
                s3Buckets,
                conf.resolve("s3mock"),
                data.resolve("s3mock"),
                logs.resolve("s3mock.log"));
        JanusServer janus = new JanusServer(
                new JanusConfig(
                        JanusConfig.PACKAGED,
                        conf.resolve("janus"),
                        data.resolve("janus"),
                        Ports.freeTcpPort(),
                        Ports.freeTcpPort(),
                        new Ports.UdpRange(janusUdp.first(), janusUdp.first() + 199),
                        new Ports.UdpRange(janusUdp.first() + 200, janusUdp.last())),
                logs.resolve("janus.log"));

        RtpengineServer rtpengine = new RtpengineServer(
                mediaUdp.last(),
                Ports.freeTcpPort(),
                new Ports.UdpRange(mediaUdp.first(), mediaUdp.first() + 299),
                data.resolve("rtpengine").resolve("recordings"),
                logs.resolve("rtpengine.log"));
        CoturnServer coturn = new CoturnServer(
                Ports.freeTcpPort(),
                new Ports.UdpRange(mediaUdp.first() + 300, mediaUdp.last() - 1),
                Secrets.password(),
                data.resolve("coturn"),
                logs.resolve("coturn.log"),
                turnForOtherHosts ? "0.0.0.0" : Ports.LOOPBACK_HOST);

        KamailioServer kamailio = new KamailioServer(
                KamailioServer.freeSipPort(),
                List.of(KamailioServer.freeSipPort(), KamailioServer.freeSipPort()),
                runDir.resolve("conf").resolve("kamailio"),
                logs.resolve("kamailio.log"));

        // An SMSC in this JVM (jSMPP's server side) for the SMS of the demo and the tests.
        SmscServer smsc = new SmscServer(
                Ports.freeTcpPort(),
                "hotline",
                Secrets.password().substring(3, 11),
                Duration.ofMillis(200),
                logs.resolve("smsc.log"));

        StackEndpoints endpoints = new StackEndpoints(
                Ports.LOOPBACK_HOST,
                postgres.tcpPorts().getFirst(),
                PostgresServer.SUPERUSER,
                superPassword,
                PostgresServer.OWNER,
                ownerPassword,
                PostgresServer.APP_USER,
                appPassword,
                Ports.LOOPBACK_HOST,
                redisPort,
                pulsar.serviceUrl(),
                pulsar.adminUrl(),
                s3.endpoint(),
                S3MockServer.REGION,
                S3MockServer.ACCESS_KEY,
                S3MockServer.SECRET_KEY,
                janus.httpUrl(),
                janus.wsUrl(),
                rtpengine.ngUrl(),
                rtpengine.ngTcpUrl(),
                rtpengine.recordingDir().toString(),
                Ports.LOOPBACK_HOST,
                coturn.port(),
                coturn.secret(),
                CoturnServer.REALM,
                Ports.LOOPBACK_HOST,
                kamailio.port(),
                kamailio.instancePorts().stream()
                        .map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")),
                Ports.LOOPBACK_HOST,
                smsc.port(),
                smsc.systemId(),
                smsc.password(),
                ProcessHandle.current().pid());
        // The slow JVMs first, so that they get a thread at once.
        return new LocalStack(
                runDir,
                List.of(pulsar, s3, postgres, redis, janus, rtpengine, coturn, kamailio, smsc),
                endpoints,
                janusUdp,
                mediaUdp);
    }

    /** Starts all servers in parallel and returns once every one is healthy; on failure stops them all and throws. */
    public LocalStack start() {
        if (!startCalled.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        try {
            startAll();
            return this;
        } finally {
            startSettled.countDown();
        }
    }

    private void startAll() {
        prepareRunDirectory();
        long begin = System.nanoTime();
        AtomicReference<@Nullable Failure> firstFailure = new AtomicReference<>();
        List<Failure> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(servers.size(), daemonThreads());
        try {
            // Each future completes only after its failure is recorded, so the join below sees every failure.
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Server server : servers) {
                starts.add(
                        CompletableFuture.runAsync(() -> startOne(server), pool).whenComplete((ignored, error) -> {
                            if (error != null) {
                                Failure failure = new Failure(server, unwrap(error));
                                synchronized (failures) {
                                    failures.add(failure);
                                }
                                // The first failure stops everything, which makes the other starts fail fast.
                                if (firstFailure.compareAndSet(null, failure)) {
                                    stopAll();
                                }
                            }
                        }));
            }
            try {
                CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                        .join();
            } catch (CompletionException e) {
                // collected per server above
            }
        } finally {
            pool.shutdownNow();
        }
        if (closed.get()) {
            stopAll();
            throw new StackStartException("the stack was stopped while it was starting");
        }
        Failure failure = firstFailure.get();
        if (failure != null) {
            stopAll();
            udpBlocks.forEach(Ports::release);
            throw startFailure(failure, failures);
        }
        totalStartTime = Duration.ofNanos(System.nanoTime() - begin);
        Leftovers.record(runDir, processes());
    }

    private void startOne(Server server) {
        if (closed.get()) {
            throw new StackStartException(server.name() + ": stack closed before it started");
        }
        long begin = System.nanoTime();
        server.start();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        startTimes.put(server.name(), took);
        log.info("{} ready in {} ms", server.name(), took.toMillis());
    }

    private void prepareRunDirectory() {
        try {
            Files.createDirectories(runDir);
            Leftovers.reap(runDir);
            FileTrees.deleteRecursively(runDir.resolve("data"));
            FileTrees.deleteRecursively(runDir.resolve("logs"));
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + runDir, e);
        }
    }

    private StackStartException startFailure(Failure first, List<Failure> all) {
        StringBuilder message = new StringBuilder()
                .append(first.server().name())
                .append(" failed to start: ")
                .append(first.error().getMessage())
                .append("\n--- last lines of ")
                .append(first.server().logFile())
                .append(" ---\n")
                .append(ChildProcess.tail(first.server().logFile(), LOG_TAIL_LINES));
        synchronized (all) {
            List<String> others = all.stream()
                    .filter(failure -> failure != first)
                    .map(failure -> failure.server().name())
                    .toList();
            if (!others.isEmpty()) {
                message.append("\n(then stopped: ")
                        .append(String.join(", ", others))
                        .append(')');
            }
        }
        return new StackStartException(message.toString(), first.error());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "devstack-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public Path runDirectory() {
        return runDir;
    }

    /** How long the whole start took, once started. */
    public @Nullable Duration startTime() {
        return totalStartTime;
    }

    List<ServerInfo> describe() {
        return servers.stream()
                .map(server -> new ServerInfo(
                        server.name(),
                        server.addresses(),
                        server.processes().stream()
                                .findFirst()
                                .map(ProcessHandle::pid)
                                .orElse(0L),
                        startTimes.getOrDefault(server.name(), Duration.ZERO),
                        server.logFile()))
                .toList();
    }

    /** Every process of every server, as it is now. */
    List<ProcessHandle> processes() {
        return servers.stream().flatMap(server -> server.processes().stream()).toList();
    }

    List<Integer> tcpPorts() {
        return servers.stream().flatMap(server -> server.tcpPorts().stream()).toList();
    }

    /** Stops every server; waits for a start still in progress to settle first, so that nothing is left behind. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopAll();
        if (startCalled.get()) {
            try {
                if (!startSettled.await(START_SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("start did not settle within {} s", START_SETTLE_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopAll();
        }
        try {
            FileTrees.deleteRecursively(runDir.resolve("data"));
        } catch (UncheckedIOException e) {
            log.warn("could not delete {}: {}", runDir.resolve("data"), e.getMessage());
        }
        Leftovers.forget(runDir);
        udpBlocks.forEach(Ports::release);
    }

    private void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (Server server : servers) {
            stoppers.add(
                    Thread.ofPlatform().name("devstack-stop-" + server.name()).start(() -> {
                        try {
                            server.stop();
                        } catch (RuntimeException e) {
                            log.warn("stopping {} failed: {}", server.name(), e.toString());
                        }
                    }));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Failure(Server server, Throwable error) {}

    record ServerInfo(String name, List<String> addresses, long pid, Duration startTime, Path logFile) {}
}
