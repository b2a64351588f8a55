package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Real SIP peers (SIPp) call call-cloud directly and through devstack's Kamailio; tenant-service's number lookup is
 * the {@link TenantDirectoryStub}; Redis, PostgreSQL, rtpengine and Kamailio are the devstack's.
 */
@RealServers
// closed after the class: LiveCallIT's context binds the same reserved instance port behind Kamailio
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1,127.0.0.2,127.0.0.3",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.sip.trunks.secure.addresses=127.0.0.1",
            "cc.call.sip.trunks.secure.domains=secure.trunk",
            "cc.call.sip.trunks.secure.inbound.realm=hotline.test",
            "cc.call.sip.trunks.secure.inbound.username=carrier",
            "cc.call.sip.trunks.secure.inbound.password=trunk-secret-1",
            "cc.call.sip.trunks.info.addresses=127.0.0.1",
            "cc.call.sip.trunks.info.domains=info.trunk",
            "cc.call.sip.trunks.info.dtmf=SIP_INFO",
            "cc.call.admission.unknown-number-cache-ttl=1s",
            "cc.call.acd.after-call-work=0s",
        })
class SipEdgeIT {

    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    /** The tenant that wants blacklisted callers to hear an announcement first. */
    private static final String ANNOUNCING = "sip-ann-" + Uuids.v7().toString().substring(28);

    private static final Path PROMPT = prompt();

    /** Two seconds of a 425 Hz tone, 8 kHz 16-bit mono WAV: the announcement. */
    private static Path prompt() {
        try {
            int rate = 8000;
            int samples = rate * 2;
            java.nio.ByteBuffer wav =
                    java.nio.ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
            wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
            wav.putShort((short) 1)
                    .putInt(rate)
                    .putInt(rate * 2)
                    .putShort((short) 2)
                    .putShort((short) 16);
            wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
            for (int i = 0; i < samples; i++) {
                wav.putShort((short) (8000 * Math.sin(2 * Math.PI * 425 * i / rate)));
            }
            Path file = Files.createTempFile("blacklisted-", ".wav");
            Files.write(file, wav.array());
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.call.admission.tenant-service-url", DIRECTORY::url);
        registry.add("cc.call.admission.announce-blacklisted", () -> ANNOUNCING);
        registry.add(
                "cc.call.admission.blacklisted-prompt", () -> PROMPT.toUri().toString());
        registry.add("cc.call.sip.port", () -> instancePort());
        registry.add("cc.media.rtpengine.ng-url", () -> System.getProperty("CC_RTPENGINE_NG_URL"));
        registry.add("cc.media.rtpengine.ng-tcp-url", () -> System.getProperty("CC_RTPENGINE_NG_TCP_URL"));
    }

    private static int instancePort() {
        return Integer.parseInt(System.getProperty("CC_SIP_INSTANCE_PORTS").split(",")[0]);
    }

    @AfterAll
    static void stopStub() {
        DIRECTORY.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    SipEdge edge;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    cn.hotline.call.session.CallSessions sessions;

    @Autowired
    cn.hotline.call.admission.Admission admission;

    /** A fresh tenant owning a fresh 12345-style number, with a concurrent-call limit. */
    private record Tenant(String slug, String number) {}

    private Tenant tenant(int limit) {
        String slug = "sip-" + Uuids.v7().toString().substring(24);
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", Integer.toString(limit))
                .block(WAIT);
        return new Tenant(slug, number);
    }

    private static String mobile() {
        return "139" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    private Sipp.Result direct(String scenario, String called, String caller, Map<String, String> replacements) {
        return Sipp.run(
                Sipp.scenario(scenario, replacements),
                "127.0.0.1",
                edge.host(),
                edge.port(),
                called,
                caller,
                1,
                1,
                List.of());
    }

    /** The refusal must carry {@code Retry-After: <seconds>}. */
    private Sipp.Result refusedWithRetryAfter(int code, String called, String caller) {
        return direct(
                "uac_refused.xml",
                called,
                caller,
                Map.of(
                        "@CODE@",
                        Integer.toString(code),
                        "@HOST@",
                        edge.host() + ":" + edge.port(),
                        "@CHECKS@",
                        "<ereg regexp=\"[0-9]+\" search_in=\"hdr\" header=\"Retry-After:\" check_it=\"true\""
                                + " assign_to=\"retry\" />",
                        "@REFERENCE@",
                        "<Reference variables=\"retry\" />"));
    }

    private Sipp.Result refusedDirect(int code, String called, String caller) {
        return direct(
                "uac_refused.xml",
                called,
                caller,
                Map.of("@CODE@", Integer.toString(code), "@HOST@", edge.host() + ":" + edge.port()));
    }

    private static Map<String, Long> decisions(String tenant) throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        Map<String, Long> kinds = new HashMap<>();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(
                        "SELECT kind, count(*) FROM acd_decision WHERE tenant_id = ? GROUP BY kind")) {
            s.setString(1, tenant);
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    kinds.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return kinds;
    }

    private Long liveCalls(String tenant) {
        return redis.opsForZSet().size("t:" + tenant + ":calls").block(WAIT);
    }

    private static void eventually(ThrowingCheck check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCheck {
        void run() throws Exception;
    }

    @Test
    void anAcceptedCallIsAnsweredQueuedInItsTenantsAcdAndAbandonedWhenTheCallerHangsUp() throws Exception {
        Tenant tenant = tenant(5);
        Sipp.Result call = direct("uac_call.xml", tenant.number(), mobile(), Map.of());

        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        eventually(() -> assertThat(decisions(tenant.slug()))
                .containsEntry("CallQueued", 1L)
                .containsEntry("CallAbandoned", 1L));
        eventually(() -> assertThat(liveCalls(tenant.slug())).isZero());
        assertThat(redis.keys("t:" + tenant.slug() + ":call:*").collectList().block(WAIT))
                .as("owner records are removed with the call")
                .isEmpty();
    }

    @Test
    void sipInfoKeyPressesComeOutAsTheCallsDigitStreamAndTheLiveCallHasAnOwner() throws Exception {
        Tenant tenant = tenant(5);
        CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(
                () -> direct("uac_info.xml", tenant.number(), mobile(), Map.of("@HOST@", "info.trunk")));
        cn.hotline.call.session.LiveCall live = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (live == null && System.nanoTime() < deadline) {
            live = sessions.all().stream()
                    .filter(c -> c.tenant().value().equals(tenant.slug()))
                    .findFirst()
                    .orElse(null);
            Thread.sleep(20);
        }
        assertThat(live).as("the call is live on this instance").isNotNull();
        assertThat(live.digitsBySipInfo()).isTrue();
        assertThat(live.trunk()).isEqualTo("info");
        assertThat(sessions.ownerOf(live.tenant(), live.call()).block(WAIT)).startsWith("call-cloud-");
        assertThat(redis.getExpire(cn.hotline.call.session.LiveCallOwners.key(live.call()))
                        .block(WAIT))
                .as("the owner record expires unless renewed")
                .isPositive();

        List<cn.hotline.media.port.Digit> digits =
                sessions.digits(live.call()).take(2).collectList().block(Duration.ofSeconds(15));

        assertThat(digits).extracting(cn.hotline.media.port.Digit::key).containsExactly('5', '#');
        Sipp.Result result = call.get();
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
    }

    @Test
    void twoTenantsNumbersRouteToTheirOwnTenants() throws Exception {
        Tenant first = tenant(5);
        Tenant second = tenant(5);
        assertThat(direct("uac_call.xml", first.number(), mobile(), Map.of()).allCallsSucceeded())
                .isTrue();
        assertThat(direct("uac_call.xml", second.number(), mobile(), Map.of()).allCallsSucceeded())
                .isTrue();
        assertThat(direct("uac_call.xml", second.number(), mobile(), Map.of()).allCallsSucceeded())
                .isTrue();

        eventually(() -> {
            assertThat(decisions(first.slug())).containsEntry("CallQueued", 1L);
            assertThat(decisions(second.slug())).containsEntry("CallQueued", 2L);
        });
    }

    @Test
    void anUnknownNumberIsAnswered404() {
        Sipp.Result result =
                refusedDirect(404, "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999), mobile());
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(refusedWithRetryAfter(
                                404, "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999), mobile())
                        .allCallsSucceeded())
                .as("a 404 carries no Retry-After, so the header check fails")
                .isFalse();
    }

    @Test
    void aCallerOnTheTenantsBlacklistIsDeclined603AndOthersStillGetThrough() throws Exception {
        Tenant tenant = tenant(5);
        String nuisance = mobile();
        http().post()
                .uri("/tenants/{t}/blacklist", tenant.slug())
                .header("Authorization", "Bearer " + TestTokens.user(tenant.slug(), Role.SUPERVISOR))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", "+86 " + nuisance, "reason", "骚扰电话"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.number")
                .isEqualTo(nuisance);

        Sipp.Result declined = refusedDirect(603, tenant.number(), nuisance);
        assertThat(declined.allCallsSucceeded()).as(declined.output()).isTrue();
        assertThat(direct("uac_call.xml", tenant.number(), mobile(), Map.of()).allCallsSucceeded())
                .isTrue();
        eventually(() -> assertThat(liveCalls(tenant.slug()))
                .as("neither the declined nor the ended call counts")
                .isZero());
    }

    @Test
    void aTenantThatWantsItHasBlacklistedCallersHearTheAnnouncementBeforeThe603() throws Exception {
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, ANNOUNCING);
        redis.opsForHash()
                .put("t:" + ANNOUNCING + ":quota", "limit:CONCURRENT_CALLS", "5")
                .block(WAIT);
        String nuisance = mobile();
        http().post()
                .uri("/tenants/{t}/blacklist", ANNOUNCING)
                .header("Authorization", "Bearer " + TestTokens.user(ANNOUNCING, Role.TENANT_ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", nuisance, "reason", "骚扰电话"))
                .exchange()
                .expectStatus()
                .isCreated();

        long start = System.nanoTime();
        Sipp.Result announced = direct("uac_announced.xml", number, nuisance, Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(announced.allCallsSucceeded()).as(announced.output()).isTrue();
        assertThat(took)
                .as("the 2 s announcement played before the 603")
                .isBetween(Duration.ofMillis(1_800), Duration.ofSeconds(25));
    }

    @Test
    void aCallerOnThePlatformBlacklistIsDeclinedForEveryTenant() {
        Tenant tenant = tenant(5);
        String nuisance = mobile();
        http().post()
                .uri("/platform/blacklist")
                .header("Authorization", "Bearer " + TestTokens.operator())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", nuisance, "reason", "诈骗号码", "expiresAt", "2099-01-01T00:00:00Z"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(refusedDirect(603, tenant.number(), nuisance).allCallsSucceeded())
                .isTrue();
    }

    @Test
    void aCallOverTheTenantsConcurrentCallLimitIsBusy486() {
        Tenant full = tenant(0);
        Sipp.Result busy = refusedWithRetryAfter(486, full.number(), mobile());
        assertThat(busy.allCallsSucceeded()).as(busy.output()).isTrue();
    }

    @Test
    void aTenantWithoutAKnownLimitIsRefused503FailingClosed() {
        String slug = "sip-" + Uuids.v7().toString().substring(24);
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        Sipp.Result unavailable = refusedWithRetryAfter(503, number, mobile());
        assertThat(unavailable.allCallsSucceeded()).as(unavailable.output()).isTrue();
    }

    @Test
    void aMalformedInviteIsAnswered400ByTheEdgeAndByCallCloudAndHarmsNoOtherCall() throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        awaitEdgeRoutesTo(stack);
        Tenant tenant = tenant(5);
        Sipp.Result atEdge = Sipp.run(
                Sipp.scenario("malformed.xml", Map.of()),
                "127.0.0.1",
                stack.sipEdgeHost(),
                stack.sipEdgePort(),
                tenant.number(),
                mobile(),
                1,
                1,
                List.of());
        assertThat(atEdge.allCallsSucceeded()).as(atEdge.output()).isTrue();

        Sipp.Result direct = direct("malformed.xml", tenant.number(), mobile(), Map.of());
        assertThat(direct.allCallsSucceeded())
                .as("JAIN-SIP answers 400 too: " + direct.output())
                .isTrue();
        assertThat(direct("uac_call.xml", tenant.number(), mobile(), Map.of()).allCallsSucceeded())
                .isTrue();
        assertThat(decisions(tenant.slug())).containsEntry("CallQueued", 1L);
    }

    @Test
    void aCarrierAnsweringTheDigestChallengeGetsItsCallAnswered() throws Exception {
        Tenant tenant = tenant(5);
        Sipp.Result call = direct("uac_auth.xml", tenant.number(), mobile(), Map.of());
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        eventually(() -> assertThat(decisions(tenant.slug())).containsEntry("CallQueued", 1L));
    }

    @Test
    void aTrunkWithDigestCredentialsChallengesTheCarrier() {
        Tenant tenant = tenant(5);
        Sipp.Result challenged =
                direct("uac_refused.xml", tenant.number(), mobile(), Map.of("@CODE@", "401", "@HOST@", "secure.trunk"));
        assertThat(challenged.allCallsSucceeded()).as(challenged.output()).isTrue();
    }

    @Test
    void callsThroughKamailioAreAnsweredAndAFloodFromOneSourceIsDroppedWhileAnotherSourceGetsThrough()
            throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        awaitEdgeRoutesTo(stack);
        Tenant tenant = tenant(50);
        Sipp.Result viaEdge = Sipp.run(
                Sipp.scenario("uac_call.xml", Map.of()),
                "127.0.0.1",
                stack.sipEdgeHost(),
                stack.sipEdgePort(),
                tenant.number(),
                mobile(),
                1,
                1,
                List.of());
        assertThat(viaEdge.allCallsSucceeded()).as(viaEdge.output()).isTrue();

        // 127.0.0.2 floods the edge with 400 INVITEs at 200/s; pike blocks it after 16 in 2 s.
        CompletableFuture<Sipp.Result> flood = CompletableFuture.supplyAsync(() -> Sipp.run(
                Sipp.scenario(
                        "uac_refused.xml",
                        Map.of("@CODE@", "404", "@HOST@", stack.sipEdgeHost() + ":" + stack.sipEdgePort())),
                "127.0.0.2",
                stack.sipEdgeHost(),
                stack.sipEdgePort(),
                "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999),
                mobile(),
                400,
                200,
                List.of("-recv_timeout", "1500", "-nr")));
        Thread.sleep(500);
        Sipp.Result other = Sipp.run(
                Sipp.scenario("uac_call.xml", Map.of()),
                "127.0.0.3",
                stack.sipEdgeHost(),
                stack.sipEdgePort(),
                tenant.number(),
                mobile(),
                1,
                1,
                List.of());
        Sipp.Result flooded = flood.get();

        assertThat(other.allCallsSucceeded())
                .as("the other source's call: " + other.output())
                .isTrue();
        assertThat(flooded.allCallsSucceeded())
                .as("most flood calls got no answer: " + flooded.output())
                .isFalse();
        Path kamailioLog = Path.of(stack.rtpengineRecordingDir())
                .getParent()
                .getParent()
                .getParent()
                .resolve("logs")
                .resolve("kamailio.log");
        if (Files.exists(kamailioLog)) {
            assertThat(Files.readString(kamailioLog, StandardCharsets.ISO_8859_1))
                    .contains("pike: flood from 127.0.0.2");
        }
    }

    @Test
    void kamailioSpreadsNewCallsOverLiveInstancesAndSendsThemToTheSurvivorWhenOneStops() throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        awaitEdgeRoutesTo(stack);
        Tenant tenant = tenant(50);
        // A second instance's SIP edge on the second reserved port (same admission and sessions: one JVM).
        int secondPort = Integer.parseInt(stack.sipInstancePorts().split(",")[1]);
        SipProperties properties = new SipProperties(
                true,
                "127.0.0.1",
                secondPort,
                Map.of("loopback", new TrunkProfile(List.of("127.0.0.1"), null, null, null, true, "0551", null, null)),
                null,
                2);
        SipEdge second = new SipEdge(properties, admission, sessions, java.time.Clock.systemUTC());
        second.start();
        try {
            Thread.sleep(4_500); // two keepalive rounds: the dispatcher takes the second instance in
            long firstBefore = edge.invitesReceived();
            Sipp.Result spread = viaEdge(stack, tenant, 10);
            assertThat(spread.allCallsSucceeded()).as(spread.output()).isTrue();
            assertThat(second.invitesReceived())
                    .as("round robin reaches the second instance")
                    .isPositive();
            assertThat(edge.invitesReceived() - firstBefore).as("and the first").isPositive();
        } finally {
            second.stop();
        }
        long secondAfterStop = second.invitesReceived();
        Sipp.Result survivor = viaEdge(stack, tenant, 6);
        assertThat(survivor.allCallsSucceeded())
                .as("every new call is answered by the surviving instance: " + survivor.output())
                .isTrue();
        assertThat(second.invitesReceived()).isEqualTo(secondAfterStop);
    }

    private static Sipp.Result viaEdge(StackEndpoints stack, Tenant tenant, int calls) {
        return Sipp.run(
                Sipp.scenario("uac_call.xml", Map.of()),
                "127.0.0.1",
                stack.sipEdgeHost(),
                stack.sipEdgePort(),
                tenant.number(),
                mobile(),
                calls,
                5,
                List.of());
    }

    /** Kamailio's dispatcher takes an instance in after its first answered OPTIONS (every 2 s). */
    private static void awaitEdgeRoutesTo(StackEndpoints stack) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(500);
            int n = 0;
            while (System.nanoTime() < deadline) {
                String branch = "z9hG4bK-probe-" + (++n);
                String options = "OPTIONS sip:probe@" + stack.sipEdgeHost() + ":" + stack.sipEdgePort() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + branch + "\r\n"
                        + "From: <sip:test@127.0.0.1>;tag=probe" + n + "\r\n"
                        + "To: <sip:probe@127.0.0.1>\r\n"
                        + "Call-ID: probe-" + n + "-" + System.nanoTime() + "\r\n"
                        + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(
                        bytes, bytes.length, new InetSocketAddress(stack.sipEdgeHost(), stack.sipEdgePort())));
                try {
                    byte[] buffer = new byte[4096];
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    socket.receive(reply);
                    String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (text.startsWith("SIP/2.0 200") && text.contains("Allow:")) {
                        return; // answered by call-cloud (Kamailio's own answer has no Allow)
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // again
                }
                Thread.sleep(300);
            }
        }
        throw new AssertionError("Kamailio did not route to call-cloud within 15 s");
    }

    private WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + httpPort)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
