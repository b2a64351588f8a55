package cn.hotline.devstack;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's services, each a separate JVM running its executable jar ({@code <svc>/target/<svc>-<version>-exec.jar}
 * under the repository root) against a running stack. The gateway is launched last; it and every service learn the
 * others' URLs from {@code CC_*_URL} variables.
 */
final class Platform implements AutoCloseable {

    /** The city-simulator stands in for the city 12345 platform (ticket-service's city exchange) in the demo. */
    static final List<String> BACKEND_SERVICES = List.of(
            "tenant-service", "call-cloud", "ticket-service", "workforce-service", "city-simulator", "auth-server");

    static final String GATEWAY = "gateway";
    static final String GATEWAY_URL = "CC_GATEWAY_URL";
    static final String BUILD_HINT = "build first: ./mvnw -B -ntp -DskipTests package (./run does it)";
    static final List<String> JVM_OPTIONS =
            List.of("-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final List<Service> services;
    private final Path runDir;
    private final Duration healthTimeout;
    private final Map<String, ChildProcess> processes = new ConcurrentHashMap<>();
    private final Map<String, Duration> startTimes = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Drawn per run: services accept {@code /internal/**} calls only with it. */
    private final String internalToken = HexFormat.of().formatHex(randomBytes());
    /** Drawn per run: the secret of the gateway's OAuth client ({@code console-bff}) at auth-server. */
    private final String consoleClientSecret = HexFormat.of().formatHex(randomBytes());
    /** Drawn per run (the databases are new each run): SM4 sealing key and blind-index key for personal data. */
    private final String personalDataSealingKey = Base64.getEncoder().encodeToString(Arrays.copyOf(randomBytes(), 16));

    private final String personalDataIndexKey = Base64.getEncoder()
            .encodeToString(HexFormat.of().formatHex(randomBytes()).getBytes(StandardCharsets.US_ASCII));

    /** Set by {@code --public-host}: the gateway serves HTTPS for that name with the run's own certificate. */
    private volatile @org.jspecify.annotations.Nullable PublicAccess publicAccess;

    /** The console reached by another host name over HTTPS (remote agents: browsers give the microphone only then). */
    record PublicAccess(String host, LocalCertificate certificate) {}

    private Platform(List<Service> services, Path runDir, Duration healthTimeout) {
        this.services = List.copyOf(services);
        this.runDir = runDir;
        this.healthTimeout = healthTimeout;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** One service: its jar and the port it will listen on. */
    record Service(String name, Path jar, int port) {

        URI url() {
            return URI.create("http://" + Ports.LOOPBACK_HOST + ":" + port);
        }

        /** {@code tenant-service} → {@code CC_TENANT_SERVICE_URL}. */
        String urlVariable() {
            return "CC_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        }
    }

    /**
     * Checks that every jar exists and picks the ports; starts nothing, so a missing build fails before the servers
     * start.
     */
    static Platform prepare(Path root, String version, int preferredGatewayPort, Path runDir, Duration healthTimeout) {
        List<String> names = new ArrayList<>(BACKEND_SERVICES);
        names.add(GATEWAY);
        List<String> missing = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        for (String name : names) {
            Path jar = root.resolve(name)
                    .resolve("target")
                    .resolve(name + "-" + version + "-exec.jar")
                    .toAbsolutePath()
                    .normalize();
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
            int port = name.equals(GATEWAY) ? Ports.preferredOrFree(preferredGatewayPort) : Ports.freeTcpPort();
            services.add(new Service(name, jar, port));
        }
        if (!missing.isEmpty()) {
            throw new StackStartException(
                    "missing service jars:\n  " + String.join("\n  ", missing) + "\n" + BUILD_HINT);
        }
        return new Platform(services, runDir.toAbsolutePath().normalize(), healthTimeout);
    }

    List<Service> services() {
        return services;
    }

    Service gateway() {
        return services.getLast();
    }

    /** Serve the console over HTTPS at {@code https://<host>:<gateway port>/}; call before {@link #start}. */
    void servePublicly(String host, LocalCertificate certificate) {
        this.publicAccess = new PublicAccess(host, certificate);
    }

    /** Where browsers open the console: the public HTTPS address, or the gateway on loopback over HTTP. */
    URI consoleUrl() {
        PublicAccess access = publicAccess;
        return access == null
                ? gateway().url()
                : URI.create("https://" + access.host() + ":" + gateway().port());
    }

    /** The gateway as the other services and the launcher reach it (HTTPS on loopback when served publicly). */
    private URI gatewayInternalUrl() {
        return publicAccess == null
                ? gateway().url()
                : URI.create("https://" + Ports.LOOPBACK_HOST + ":" + gateway().port());
    }

    private java.util.Optional<Service> authServer() {
        return services.stream()
                .filter(service -> service.name().equals("auth-server"))
                .findFirst();
    }

    Optional<Duration> startTime(String service) {
        return Optional.ofNullable(startTimes.get(service));
    }

    /** The environment of every service: the stack, its own port, and the URL of every service. */
    SequencedMap<String, String> environment(StackEndpoints stack, Service service) {
        SequencedMap<String, String> environment = new LinkedHashMap<>(stack.toMap());
        environment.putAll(serviceUrls());
        environment.putAll(securityEnv());
        environment.put("SERVER_PORT", Integer.toString(service.port()));
        // Only the gateway and auth-server use it; it stays out of platform.env.
        environment.put("CC_CONSOLE_BFF_SECRET", consoleClientSecret);
        // kernel's PersonalDataCipher (cc.crypto.personal-data.*): citizens' data and federation secrets sealed with
        // SM4.
        environment.put("CC_CRYPTO_PERSONALDATA_CURRENTVERSION", "1");
        environment.put("CC_CRYPTO_PERSONALDATA_SEALINGKEYS_1", personalDataSealingKey);
        environment.put("CC_CRYPTO_PERSONALDATA_INDEXKEY", personalDataIndexKey);
        // The run command seeds the demo tenants and their users through tenant-service's provisioning.
        environment.put("CC_TENANT_DEMO_ENABLED", "true");
        if ("workforce-service".equals(service.name())) {
            // SMS over SMPP to the stack's SMSC (cc.workforce.sms.smpp.*): a demo SMS ends DELIVERED by its receipt.
            environment.put("CC_SMS_SMPP_ENABLED", "true");
            environment.put("CC_SMS_SMPP_HOST", stack.smscHost());
            environment.put("CC_SMS_SMPP_PORT", Integer.toString(stack.smscPort()));
            environment.put("CC_SMS_SMPP_SYSTEM_ID", stack.smscSystemId());
            environment.put("CC_SMS_SMPP_PASSWORD", stack.smscPassword());
        }
        if ("call-cloud".equals(service.name())) {
            // The SIP edge: Kamailio's dispatcher sends calls to the first reserved instance port; rtpengine answers
            // the trunk legs (cc.media.rtpengine.ng-url / ng-tcp-url).
            environment.put("CC_SIP_PORT", stack.sipInstancePorts().split(",")[0]);
            environment.put("CC_MEDIA_RTPENGINE_NGURL", stack.rtpengineNgUrl().toString());
            environment.put(
                    "CC_MEDIA_RTPENGINE_NGTCPURL", stack.rtpengineNgTcpUrl().toString());
            // rtpengine writes each call's pcap there; without it call-cloud cannot record, and an answered call ends
            environment.put("CC_MEDIA_RTPENGINE_RECORDINGDIR", stack.rtpengineRecordingDir());
            // TURN for agents' browsers (GET /tenants/{t}/webrtc/ice-servers): coturn's shared secret, 10-minute
            // credentials per user.
            environment.put(
                    "CC_MEDIA_TURN_URIS", "turn:" + stack.turnHost() + ":" + stack.turnPort() + "?transport=udp");
            environment.put("CC_MEDIA_TURN_SECRET", stack.turnSecret());
        }
        PublicAccess access = publicAccess;
        if (access != null) {
            environment.putAll(publicEnvironment(access, stack, service));
        }
        return environment;
    }

    /**
     * Serving the console at a public name: the gateway speaks HTTPS with the run's certificate and a Secure session
     * cookie; every issuer is {@code https://<host>:<port>/api/auth/t/<tenant>} (auth-server pins it, so its login
     * pages and redirects send the browser through the gateway, never to auth-server's own port) and the console
     * client's redirect goes to the public address; services and the gateway fetch keys and tokens from auth-server
     * directly on loopback (the back channel); TURN URIs name the public host.
     */
    private SequencedMap<String, String> publicEnvironment(PublicAccess access, StackEndpoints stack, Service service) {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        String auth = authServer().map(Service::url).map(URI::toString).orElse("");
        switch (service.name()) {
            case GATEWAY -> {
                values.put("SERVER_SSL_ENABLED", "true");
                values.put(
                        "SERVER_SSL_KEYSTORE", access.certificate().keyStore().toString());
                values.put("SERVER_SSL_KEYSTORETYPE", "PKCS12");
                values.put("SERVER_SSL_KEYSTOREPASSWORD", access.certificate().password());
                values.put("SERVER_SSL_KEYALIAS", LocalCertificate.SERVER_ALIAS);
                values.put("CC_SESSION_COOKIE_SECURE", "true");
                values.put("CC_AUTH_BACKCHANNEL_ISSUER_BASE", auth);
            }
            case "auth-server" -> values.put(GATEWAY_URL, consoleUrl().toString());
            case "call-cloud" ->
                values.put("CC_MEDIA_TURN_URIS", "turn:" + access.host() + ":" + stack.turnPort() + "?transport=udp");
            default -> {}
        }
        return values;
    }

    /** {@code CC_GATEWAY_URL} and the {@code CC_<SERVICE>_URL} of each backend service. */
    SequencedMap<String, String> serviceUrls() {
        SequencedMap<String, String> urls = new LinkedHashMap<>();
        urls.put(GATEWAY_URL, gatewayInternalUrl().toString());
        services.stream()
                .filter(service -> !service.name().equals(GATEWAY))
                .forEach(
                        service -> urls.put(service.urlVariable(), service.url().toString()));
        return urls;
    }

    /** The stack's keys plus the service URLs: what {@code platform.env} holds. */
    SequencedMap<String, String> platformEnv(StackEndpoints stack) {
        SequencedMap<String, String> values = new LinkedHashMap<>(stack.toMap());
        values.putAll(serviceUrls());
        values.putAll(securityEnv());
        PublicAccess access = publicAccess;
        if (access != null) {
            values.put("CC_CONSOLE_URL", consoleUrl().toString());
            values.put("CC_CONSOLE_CA", access.certificate().caCertificate().toString());
        }
        return values;
    }

    /**
     * What the services need to trust tokens and each other (kernel security, ADR 0002): the issuers' base at
     * auth-server, and an internal-call token drawn for this run.
     */
    SequencedMap<String, String> securityEnv() {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        PublicAccess access = publicAccess;
        authServer().ifPresent(auth -> {
            if (access == null) {
                values.put("CC_AUTH_ISSUER_BASE", auth.url().toString());
            } else {
                // issuers are public (through the gateway); keys are fetched from auth-server directly
                values.put("CC_AUTH_ISSUER_BASE", consoleUrl() + "/api/auth");
                values.put("CC_AUTH_JWK_SET_URI", auth.url() + "/t/platform/oauth2/jwks");
            }
        });
        values.put("CC_INTERNAL_TOKEN", internalToken);
        return values;
    }

    /** Launches every service (the gateway last) and waits until all report UP; on failure stops them and throws. */
    void start(StackEndpoints stack) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        // One waiting thread per service: the common pool has a single thread on a two-core machine.
        ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
        for (Service service : services) {
            Optional<ChildProcess> launched = launch(stack, service);
            if (launched.isEmpty()) {
                break;
            }
            ChildProcess process = launched.get();
            long begin = System.nanoTime();
            started.add(CompletableFuture.runAsync(
                    () -> {
                        Await.healthy(service.name(), healthTimeout, process, () -> healthOf(service));
                        Duration took = Duration.ofNanos(System.nanoTime() - begin);
                        startTimes.put(service.name(), took);
                        log.info("{} UP in {} ms on {}", service.name(), took.toMillis(), service.url());
                    },
                    waiters));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            try {
                started.get(i).join();
            } catch (CompletionException e) {
                Service service = services.get(i);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failures.add(cause.getMessage() + "\n--- last lines of " + logFile(service) + " ---\n"
                        + ChildProcess.tail(logFile(service), 40));
            }
        }
        waiters.shutdown();
        if (!failures.isEmpty() || stopping.get()) {
            close();
            throw new StackStartException(
                    failures.isEmpty() ? "the platform was stopped while starting" : String.join("\n", failures));
        }
        watchForCrashes();
    }

    /** Empty when the platform is already stopping: launching and stopping exclude each other. */
    private synchronized Optional<ChildProcess> launch(StackEndpoints stack, Service service) {
        if (stopping.get()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntime.java().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(service.jar().toString());
        ChildProcess process = ChildProcess.start(
                service.name(),
                command,
                environment(stack, service),
                runDir.resolve("work").resolve(service.name()),
                logFile(service));
        processes.put(service.name(), process);
        return Optional.of(process);
    }

    private Path logFile(Service service) {
        return runDir.resolve("logs").resolve(service.name() + ".log");
    }

    /** The gateway served publicly answers HTTPS only: checked with a client that trusts the run's CA. */
    private Optional<String> healthOf(Service service) {
        PublicAccess access = publicAccess;
        if (access == null || !service.name().equals(GATEWAY)) {
            return health(service);
        }
        return Http.get(
                        URI.create(gatewayInternalUrl() + "/actuator/health"),
                        Http.trusting(access.certificate().trustingContext()))
                .filter(response -> response.statusCode() == 200)
                .map(HttpResponse::body)
                .filter(Platform::isUp);
    }

    static Optional<String> health(Service service) {
        return Http.get(URI.create(service.url() + "/actuator/health"))
                .filter(response -> response.statusCode() == 200)
                .map(HttpResponse::body)
                .filter(Platform::isUp);
    }

    static boolean isUp(String healthBody) {
        try {
            return "UP".equals(JSON.readTree(healthBody).path("status").asString(""));
        } catch (JacksonException e) {
            return false;
        }
    }

    /** A service that dies after it was up is reported at once, with the end of its log. */
    private void watchForCrashes() {
        processes.forEach((name, process) -> process.tree().getFirst().onExit().thenRun(() -> {
            if (!stopping.get()) {
                log.error(
                        "{} exited unexpectedly ({}); last lines of {}:\n{}",
                        name,
                        process.exitDescription(),
                        process.logFile(),
                        process.tail(30));
            }
        }));
    }

    List<ProcessHandle> processes() {
        return processes.values().stream()
                .flatMap(process -> process.tree().stream())
                .toList();
    }

    /** Stops the gateway first, then the other services. */
    @Override
    public void close() {
        Map<String, ChildProcess> launched;
        synchronized (this) {
            stopping.set(true);
            launched = Map.copyOf(processes);
        }
        ChildProcess gateway = launched.get(GATEWAY);
        if (gateway != null) {
            gateway.stop(STOP_GRACE);
        }
        List<Thread> stoppers = new ArrayList<>();
        launched.forEach((name, process) ->
                stoppers.add(Thread.ofPlatform().name("devstack-stop-" + name).start(() -> process.stop(STOP_GRACE))));
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
