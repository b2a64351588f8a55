package cn.hotline.ticket.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.common.policies.data.TenantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Call events published on a real Pulsar as call-cloud publishes them (the kernel's envelope and CallEvent records,
 * same properties and key) link answered calls to the tickets their agents open: at intake while the agent is on the
 * call, or when the call's end arrives for a ticket opened before the events did; re-delivered events change nothing;
 * {@code GET /tickets/{id}} shows the call with its agent, times and recording key.
 */
@TicketServiceTest
class CallLinksIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    CallEventConsumer consumer;

    @Autowired
    PulsarClient pulsar;

    Tickets t;
    String agentSub;
    String agent;
    long sequence = 100;

    @BeforeEach
    void tenantWithCallEvents() throws Exception {
        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        t = new Tickets(http);
        agentSub = UUID.randomUUID().toString();
        agent = TestTokens.mint(claims -> claims.issuer(TestTokens.ISSUER_BASE + "/t/" + t.tenant)
                .subject(agentSub)
                .claim("tenant", t.tenant)
                .claim("roles", List.of(Role.AGENT.name())));
        try (PulsarAdmin admin = PulsarAdmin.builder()
                .serviceHttpUrl(TestStack.endpoints().pulsarAdminUrl().toString())
                .build()) {
            admin.tenants()
                    .createTenant(
                            t.tenant,
                            TenantInfo.builder()
                                    .allowedClusters(Set.copyOf(admin.clusters().getClusters()))
                                    .build());
            admin.namespaces().createNamespace(t.tenant + "/calls");
        }
        consumer.consume(TenantId.of(t.tenant)).block(Duration.ofSeconds(60));
        assertThat(consumer.consumes(t.tenant)).isTrue();
    }

    /** Publishes like call-cloud's CallEventRelay: key = tenant, properties eventId / type / version. */
    UUID publish(CallEvent event) throws Exception {
        UUID id =
                UUID.nameUUIDFromBytes((t.tenant + "/call-event/" + event.sequence()).getBytes(StandardCharsets.UTF_8));
        publish(new EventEnvelope<>(
                id, event.getClass().getSimpleName(), 1, TenantId.of(t.tenant), event.at(), null, event));
        return id;
    }

    void publish(EventEnvelope<CallEvent> envelope) throws Exception {
        try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES)
                .topic("persistent://" + t.tenant + "/calls/call-events")
                .create()) {
            producer.newMessage()
                    .key(t.tenant)
                    .property("eventId", envelope.id().toString())
                    .property("type", envelope.type())
                    .property("version", "1")
                    .value(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
                    .send();
        }
    }

    JsonNode ticket(String id) {
        return t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, id)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aTicketOpenedWhileTheAgentIsOnTheCallCarriesTheCallAndShowsItsAgentTimesAndRecording() throws Exception {
        CallId call = CallId.random();
        Instant answered = Instant.now()
                .minusSeconds(30)
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS); // PostgreSQL keeps microseconds
        publish(new CallEvent.CallAnswered(++sequence, call, agentSub, answered));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "SELECT count(*) FROM ticket_call WHERE tenant_id = ? AND call_id = ? AND agent = ?",
                                t.tenant,
                                call.value(),
                                agentSub)
                        == 1);

        String id = t.create(agent, Tickets.newTicket("13800138000", false))
                .get("id")
                .asString();

        assertThat(ticket(id).get("calls").toString()).contains(call.toString());
        Instant ended = Instant.now();
        publish(new CallEvent.CallEnded(++sequence, call, agentSub, ended));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode linked = ticket(id).get("linkedCalls");
            assertThat(linked).hasSize(1);
            assertThat(linked.get(0).path("call").stringValue()).isEqualTo(call.toString());
            assertThat(linked.get(0).path("agent").stringValue()).isEqualTo(agentSub);
            assertThat(Instant.parse(linked.get(0).path("answeredAt").stringValue()))
                    .isEqualTo(answered);
            assertThat(linked.get(0).path("endedAt").isNull()).isFalse();
            assertThat(linked.get(0).path("recording").stringValue()).isEqualTo("calls/" + call + ".wav");
        });
        // linked once: at intake, not again when the end arrived
        assertThat(count(
                        "SELECT count(*) FROM ticket_ledger WHERE tenant_id = ? AND ticket_id = ? AND type = 'CallLinked'",
                        t.tenant,
                        UUID.fromString(id)))
                .isZero();
    }

    /** As call-cloud's recording relay publishes it (payload: its {@code recording.CallRecorded} record). */
    UUID publishRecorded(CallId call, String recordingId, String key) throws Exception {
        UUID id = UUID.randomUUID();
        String envelope = "{\"id\":\"" + id + "\",\"type\":\"CallRecorded\",\"version\":1,\"tenant\":{\"value\":\""
                + t.tenant + "\"},\"occurredAt\":\"" + Instant.now() + "\",\"requestId\":null,\"payload\":{"
                + "\"callId\":\"" + call + "\",\"recordingId\":\"" + recordingId + "\",\"objectKey\":\"" + key
                + "\",\"durationMs\":61000,\"sha256\":\"" + "ab".repeat(32) + "\",\"agents\":[\"" + agentSub
                + "\"],\"startedAt\":\"" + Instant.now().minusSeconds(70) + "\",\"at\":\"" + Instant.now() + "\"}}";
        for (int i = 0; i < 2; i++) { // at least once: the relay may publish it twice
            try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES)
                    .topic("persistent://" + t.tenant + "/calls/call-events")
                    .create()) {
                producer.newMessage()
                        .key(t.tenant)
                        .property("eventId", id.toString())
                        .property("type", "CallRecorded")
                        .property("version", "1")
                        .value(envelope.getBytes(StandardCharsets.UTF_8))
                        .send();
            }
        }
        return id;
    }

    @Test
    void aLinkedCallShowsTheRecordingThatCallRecordedNamedAndACallWithoutItKeepsTheArchivesKey() throws Exception {
        CallId recorded = CallId.random();
        CallId unrecorded = CallId.random();
        publish(new CallEvent.CallAnswered(
                ++sequence, recorded, agentSub, Instant.now().minusSeconds(60)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM ticket_call WHERE tenant_id = ?", t.tenant) == 1);
        String id = t.create(agent, Tickets.newTicket("13800138000", false))
                .get("id")
                .asString();
        publish(new CallEvent.CallEnded(++sequence, recorded, agentSub, Instant.now()));
        publish(new CallEvent.CallAnswered(++sequence, unrecorded, agentSub, Instant.now()));
        publish(new CallEvent.CallEnded(++sequence, unrecorded, agentSub, Instant.now()));
        // a key other than the archive's convention, so the test sees which one is shown
        String key = "calls/2026/11/" + recorded + ".wav";
        UUID event = publishRecorded(recorded, "rtpe-" + recorded, key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode linked = ticket(id).get("linkedCalls");
            assertThat(linked.toString()).contains(key);
        });
        assertThat(count(
                        "SELECT count(*) FROM ticket_call_event WHERE tenant_id = ? AND event_id = ?", t.tenant, event))
                .isEqualTo(1);
        JsonNode recording = t.get(t.clerk, "/tenants/{t}/calls/{c}/recording", t.tenant, recorded.toString())
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(recording.path("recordingId").stringValue()).isEqualTo("rtpe-" + recorded);
        assertThat(recording.path("objectKey").stringValue()).isEqualTo(key);
        assertThat(recording.path("durationMs").longValue()).isEqualTo(61000L);

        // a call without CallRecorded has no recording entry (its tickets keep showing the archive's key)
        t.get(t.clerk, "/tenants/{t}/calls/{c}/recording", t.tenant, unrecorded.toString())
                .expectStatus()
                .isNotFound();
        // another tenant's clerk learns nothing
        Tickets stranger = new Tickets(
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build());
        stranger.get(stranger.clerk, "/tenants/{t}/calls/{c}/recording", stranger.tenant, recorded.toString())
                .expectStatus()
                .isNotFound();
        stranger.get(stranger.clerk, "/tenants/{t}/calls/{c}/recording", t.tenant, recorded.toString())
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aTicketOpenedBeforeTheEventsArrivedIsLinkedWhenTheCallEndsAndRedeliveriesChangeNothing() throws Exception {
        CallId call = CallId.random();
        Instant answered = Instant.now().minusSeconds(5);
        String id = t.create(agent, Tickets.newTicket("13800138000", false))
                .get("id")
                .asString();
        String unrelated = t.open(); // opened by the clerk, not the agent on the call
        assertThat(ticket(id).get("calls")).isEmpty();

        UUID answeredEvent = publish(new CallEvent.CallAnswered(++sequence, call, agentSub, answered));
        UUID endedEvent = publish(new CallEvent.CallEnded(++sequence, call, agentSub, Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(ticket(id).get("calls").toString()).contains(call.toString()));
        assertThat(count(
                        "SELECT count(*) FROM ticket_ledger WHERE tenant_id = ? AND ticket_id = ? AND type = 'CallLinked'"
                                + " AND actor = 'system:call-events'",
                        t.tenant,
                        UUID.fromString(id)))
                .isEqualTo(1);

        // call-cloud's relay publishes again after a crash: same envelope ids
        publish(new CallEvent.CallAnswered(sequence - 1, call, agentSub, answered));
        publish(new CallEvent.CallEnded(sequence, call, agentSub, Instant.now()));
        CallId marker = CallId.random();
        publish(new CallEvent.CallAbandoned(++sequence, marker, Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM ticket_call_event WHERE tenant_id = ?", t.tenant) == 3);
        assertThat(count(
                        "SELECT count(*) FROM ticket_call_event WHERE tenant_id = ? AND event_id IN (?, ?)",
                        t.tenant,
                        answeredEvent,
                        endedEvent))
                .isEqualTo(2);
        assertThat(count(
                        "SELECT count(*) FROM ticket_ledger WHERE tenant_id = ? AND ticket_id = ? AND type = 'CallLinked'",
                        t.tenant,
                        UUID.fromString(id)))
                .isEqualTo(1);
        assertThat(ticket(unrelated).get("calls")).isEmpty();
    }

    @Test
    void aTenantActivatedWhileTheServiceRunsIsConsumedBeforeItHasAnyTicket() throws Exception {
        consumer.listenForTenants().block(Duration.ofSeconds(60));
        String fresh = Tickets.freshTenant();
        try (PulsarAdmin admin = PulsarAdmin.builder()
                .serviceHttpUrl(TestStack.endpoints().pulsarAdminUrl().toString())
                .build()) {
            admin.tenants()
                    .createTenant(
                            fresh,
                            TenantInfo.builder()
                                    .allowedClusters(Set.copyOf(admin.clusters().getClusters()))
                                    .build());
            admin.namespaces().createNamespace(fresh + "/calls");
        }
        assertThat(consumer.consumes(fresh)).isFalse();
        // as tenant-service's TenantEventRelay publishes it
        String envelope = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"TenantActivated\",\"version\":1,"
                + "\"tenant\":\"" + fresh + "\",\"occurredAt\":\"" + Instant.now() + "\",\"requestId\":null,"
                + "\"payload\":{\"tenant\":\"" + fresh + "\",\"status\":\"ACTIVE\",\"name\":\"新租户\","
                + "\"kind\":\"CITY_12345\",\"hotlineNumbers\":[],\"at\":\"" + Instant.now() + "\"}}";
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    // published until seen: the listener's non-durable subscription starts at the latest message
                    try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES)
                            .topic("persistent://public/default/platform.tenants")
                            .create()) {
                        producer.newMessage()
                                .key(fresh)
                                .property("type", "TenantActivated")
                                .value(envelope.getBytes(StandardCharsets.UTF_8))
                                .send();
                    }
                    return consumer.consumes(fresh);
                });
    }

    static long count(String sql, Object... args) {
        var stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_ticket"), stack.pgSuperuser(), stack.pgSuperpassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
