package cn.hotline.tenant.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.TenantApiSupport;
import cn.hotline.tenant.directory.TenantTransactions;
import cn.hotline.tenant.registry.TenantRegistry;
import cn.hotline.tenant.registry.TenantStatus;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TenantServiceTest
class TenantEventsIT {

    @LocalServerPort
    int port;

    @Autowired
    PulsarClient pulsar;

    @Autowired
    TenantEventsProperties properties;

    @Autowired
    TenantRegistry registry;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    @Autowired
    TenantTransactions tx;

    @Autowired
    TenantEventRelay relay;

    @Autowired
    ObjectProvider<MeterRegistry> meters;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aTenantsLifeIsPublishedToThePlatformTopicInOrderAsVersionedEnvelopes() throws Exception {
        String slug = "ev-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (Consumer<byte[]> consumer = subscribe()) {
            var operator = TestClients.operator(port);
            operator.post()
                    .uri("/platform/tenants")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "slug",
                            slug,
                            "name",
                            "事件测试区",
                            "kind",
                            "DISTRICT",
                            "hotlineNumbers",
                            List.of("12345"),
                            "admin",
                            Map.of(
                                    "username",
                                    "admin",
                                    "displayName",
                                    "管理员",
                                    "initialPassword",
                                    "a-long-initial-secret")))
                    .exchange()
                    .expectStatus()
                    .isCreated();
            operator.post()
                    .uri("/platform/tenants/{t}/suspend", slug)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("reason", "合同到期"))
                    .exchange()
                    .expectStatus()
                    .isOk();
            operator.post()
                    .uri("/platform/tenants/{t}/reactivate", slug)
                    .exchange()
                    .expectStatus()
                    .isOk();
            operator.delete()
                    .uri("/platform/tenants/{t}?reason={r}", slug, "撤销")
                    .exchange()
                    .expectStatus()
                    .isOk();

            List<JsonNode> events = receive(consumer, slug, 4);

            assertThat(events)
                    .extracting(e -> e.get("type").asString())
                    .containsExactly("TenantActivated", "TenantSuspended", "TenantReactivated", "TenantDeactivated");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.get("version").asInt()).isEqualTo(1);
                assertThat(e.get("tenant").asString()).isEqualTo(slug);
                assertThat(e.get("payload").get("tenant").asString()).isEqualTo(slug);
                assertThat(UUID.fromString(e.get("id").asString())).isNotNull();
            });
            assertThat(events.get(0).get("payload").get("name").asString()).isEqualTo("事件测试区");
            assertThat(events.get(0).get("payload").get("status").asString()).isEqualTo("ACTIVE");
            assertThat(events.get(1).get("payload").get("reason").asString()).isEqualTo("合同到期");
            assertThat(events.get(3).get("payload").get("status").asString()).isEqualTo("DEACTIVATED");
            assertThat(events).extracting(e -> e.get("id").asString()).doesNotHaveDuplicates();
        }
        assertThat(unsent(slug)).as("outbox rows of %s not marked sent", slug).isZero();
    }

    @Test
    void aStatusChangeThatRollsBackLeavesNoEvent() throws Exception {
        String slug = TenantApiSupport.newTenant("PROVISIONING");

        Mono<Object> failing = Tenancy.runAs(
                TenantContext.platform("test: one transaction"),
                transactions.transactional(registry.transition(
                                TenantId.of(slug), EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, null)
                        .then(Mono.error(new IllegalStateException("a later step of the same transaction fails")))));
        assertThatThrownBy(failing::block).hasMessageContaining("later step");

        assertThat(registry.find(TenantId.of(slug)).block().status()).isEqualTo(TenantStatus.PROVISIONING);
        assertThat(outboxRows(slug)).isZero();

        registry.transition(TenantId.of(slug), EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, null)
                .block();
        assertThat(outboxRows(slug)).isEqualTo(1);
    }

    @Test
    void aSecondInstanceDoesNotRelayWhileTheLeaseIsHeld() throws Exception {
        TenantEventRelay second = new TenantEventRelay(db, tx, pulsar, properties, meters);
        // The application's relay polls every 500 ms and renews its 15 s lease each time.
        Thread.sleep(properties.pollInterval().toMillis() * 2);

        assertThat(second.relayOnce().block()).isZero();
        assertThat(leaseHolder()).startsWith("tenant-service:").isNotNull();
    }

    @Test
    void aFailedPublishIsRetriedAfterABackoffAndTheNextLeaseHolderSendsIt() throws Exception {
        awaitNoUnsentEvents();
        relay.stop();
        String slug;
        try (PulsarClient unreachable = PulsarClient.builder()
                        .serviceUrl("pulsar://127.0.0.1:1")
                        .connectionTimeout(1, TimeUnit.SECONDS)
                        .operationTimeout(2, TimeUnit.SECONDS)
                        .build();
                Consumer<byte[]> consumer = subscribe()) {
            expireLease();
            slug = TenantApiSupport.newTenant("PROVISIONING");
            registry.transition(TenantId.of(slug), EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, null)
                    .block();
            TenantEventRelay failing = new TenantEventRelay(db, tx, unreachable, properties, meters);

            assertThat(failing.relayOnce().block(Duration.ofSeconds(60))).isZero();
            assertThat(count("SELECT attempts FROM tenant_event_outbox WHERE tenant_slug = ?", slug))
                    .isEqualTo(1);
            assertThat(count(
                            "SELECT count(*) FROM tenant_event_outbox WHERE tenant_slug = ? AND sent_at IS NULL"
                                    + " AND last_error IS NOT NULL AND next_attempt_at > clock_timestamp()",
                            slug))
                    .isEqualTo(1);
            // Not due yet: the next poll leaves it alone rather than hammering the broker.
            assertThat(failing.relayOnce().block(Duration.ofSeconds(60))).isZero();
            assertThat(count("SELECT attempts FROM tenant_event_outbox WHERE tenant_slug = ?", slug))
                    .isEqualTo(1);

            // The failing instance dies; once its lease has expired the service's relay takes over and sends it.
            expireLease();
            relay.start();
            List<JsonNode> events = receive(consumer, slug, 1);
            assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("TenantActivated");
        } finally {
            if (!relay.isRunning()) {
                relay.start();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (unsent(slug) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(unsent(slug)).isZero();
        assertThat(count("SELECT attempts FROM tenant_event_outbox WHERE tenant_slug = ?", slug))
                .isEqualTo(2);
    }

    private void awaitNoUnsentEvents() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (countAll("SELECT count(*) FROM tenant_event_outbox WHERE sent_at IS NULL") == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the outbox never drained");
    }

    private static void expireLease() throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.createStatement()) {
            s.execute("UPDATE event_relay_lease SET lease_until = '-infinity' WHERE name = 'tenant-events'");
        }
    }

    private static long countAll(String sql) throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.createStatement();
                var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Consumer<byte[]> subscribe() throws Exception {
        return pulsar.newConsumer(Schema.BYTES)
                .topic(properties.topic())
                .subscriptionName("tenant-events-it-" + UUID.randomUUID())
                .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
                .subscribe();
    }

    private List<JsonNode> receive(Consumer<byte[]> consumer, String slug, int wanted) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (events.size() < wanted && System.nanoTime() < deadline) {
            Message<byte[]> message = consumer.receive(2, TimeUnit.SECONDS);
            if (message == null) {
                continue;
            }
            consumer.acknowledge(message);
            if (!slug.equals(message.getKey())) {
                continue;
            }
            JsonNode envelope = json.readTree(new String(message.getValue(), StandardCharsets.UTF_8));
            assertThat(message.getProperty("eventId"))
                    .isEqualTo(envelope.get("id").asString());
            assertThat(message.getProperty("type"))
                    .isEqualTo(envelope.get("type").asString());
            events.add(envelope);
        }
        return events;
    }

    private static long unsent(String slug) throws SQLException {
        return count("SELECT count(*) FROM tenant_event_outbox WHERE tenant_slug = ? AND sent_at IS NULL", slug);
    }

    private static long outboxRows(String slug) throws SQLException {
        return count("SELECT count(*) FROM tenant_event_outbox WHERE tenant_slug = ?", slug);
    }

    private static String leaseHolder() throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.prepareStatement("SELECT holder FROM event_relay_lease WHERE name = 'tenant-events'");
                var r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    private static long count(String sql, String slug) throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, slug);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
