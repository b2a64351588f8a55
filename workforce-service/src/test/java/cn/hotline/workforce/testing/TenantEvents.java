package cn.hotline.workforce.testing;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.common.policies.data.TenantInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh tenant whose Pulsar namespaces exist (as tenant-service provisions them), and call and ticket events
 * published to its topics exactly as call-cloud's and ticket-service's relays write them.
 */
public final class TenantEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final String tenant = "t" + Uuids.v7().toString().replace("-", "").substring(12, 28);

    public TenantEvents provision() throws Exception {
        try (PulsarAdmin admin = PulsarAdmin.builder()
                .serviceHttpUrl(TestStack.endpoints().pulsarAdminUrl().toString())
                .build()) {
            admin.tenants()
                    .createTenant(
                            tenant,
                            TenantInfo.builder()
                                    .allowedClusters(Set.copyOf(admin.clusters().getClusters()))
                                    .build());
            admin.namespaces().createNamespace(tenant + "/calls");
            admin.namespaces().createNamespace(tenant + "/tickets");
        }
        return this;
    }

    /**
     * What the broker holds for the subscription on the tenant's call topic (its backlog, unacknowledged messages and
     * consumers), for a test's failure message: it tells a consumer that is behind from one that holds messages it
     * never handles.
     */
    public String callTopicState(String subscription) {
        String topic = "persistent://" + tenant + "/calls/call-events";
        try (PulsarAdmin admin = PulsarAdmin.builder()
                .serviceHttpUrl(TestStack.endpoints().pulsarAdminUrl().toString())
                .build()) {
            var stats = admin.topics().getStats(topic).getSubscriptions().get(subscription);
            if (stats == null) {
                return topic + ": no subscription " + subscription;
            }
            StringBuilder state = new StringBuilder(topic)
                    .append(": backlog ")
                    .append(stats.getMsgBacklog())
                    .append(", unacked ")
                    .append(stats.getUnackedMessages())
                    .append(", consumers");
            stats.getConsumers().forEach(c -> state.append(" [")
                    .append(c.getConsumerName())
                    .append(" unacked ")
                    .append(c.getUnackedMessages())
                    .append(" permits ")
                    .append(c.getAvailablePermits())
                    .append(" blocked ")
                    .append(c.isBlockedConsumerOnUnackedMsgs())
                    .append(']'));
            return state.toString();
        } catch (Exception e) {
            return topic + ": no stats (" + e + ")";
        }
    }

    /** Publishes the events in order and returns when the broker has stored every one (a failed send throws). */
    public void calls(List<CallEvent> events) throws Exception {
        try (PulsarClient client = PulsarClient.builder()
                        .serviceUrl(TestStack.endpoints().pulsarUrl().toString())
                        .build();
                Producer<byte[]> producer = client.newProducer(Schema.BYTES)
                        .topic("persistent://" + tenant + "/calls/call-events")
                        .sendTimeout(0, TimeUnit.SECONDS)
                        .blockIfQueueFull(true)
                        .create()) {
            List<CompletableFuture<MessageId>> sent = new ArrayList<>();
            for (CallEvent event : events) {
                EventEnvelope<CallEvent> envelope = new EventEnvelope<>(
                        UUID.nameUUIDFromBytes(
                                (tenant + "/call-event/" + event.sequence()).getBytes(StandardCharsets.UTF_8)),
                        event.getClass().getSimpleName(),
                        1,
                        TenantId.of(tenant),
                        event.at(),
                        null,
                        event);
                sent.add(producer.newMessage()
                        .key(tenant)
                        .value(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
                        .sendAsync());
            }
            producer.flush();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * call-cloud's {@code CallRecorded} (its recording package's relay: the kernel envelope, the payload's fields
     * {@code callId, recordingId, objectKey, durationMs, sha256, agents, startedAt, at}) on the tenant's call topic.
     */
    public void recorded(
            UUID eventId,
            UUID call,
            String recordingId,
            String objectKey,
            long durationMs,
            String sha256,
            List<String> agents,
            Instant startedAt)
            throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("callId", call.toString());
        payload.put("recordingId", recordingId);
        payload.put("objectKey", objectKey);
        payload.put("durationMs", durationMs);
        payload.put("sha256", sha256);
        payload.put("agents", agents);
        payload.put("startedAt", startedAt.toString());
        payload.put("at", Instant.now().toString());
        EventEnvelope<Map<String, Object>> envelope =
                new EventEnvelope<>(eventId, "CallRecorded", 1, TenantId.of(tenant), Instant.now(), null, payload);
        try (PulsarClient client = PulsarClient.builder()
                        .serviceUrl(TestStack.endpoints().pulsarUrl().toString())
                        .build();
                Producer<byte[]> producer = client.newProducer(Schema.BYTES)
                        .topic("persistent://" + tenant + "/calls/call-events")
                        .create()) {
            producer.newMessage()
                    .key(tenant)
                    .value(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
                    .send();
        }
    }

    /** A ticket event as ticket-service's outbox writes it. */
    public void ticket(String type, String ticket, String actor, Instant at, Map<String, Object> details)
            throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ticket", ticket);
        payload.put("seq", 1);
        payload.put("type", type);
        payload.put("status", "NEW");
        payload.put("channel", "PHONE");
        payload.put("urgency", "NORMAL");
        payload.put("actor", actor);
        payload.put("actorKind", "CENTRE");
        payload.put("at", at.toString());
        payload.put("details", details);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", Uuids.v7().toString());
        wire.put("type", type);
        wire.put("version", 1);
        wire.put("tenant", tenant);
        wire.put("occurredAt", at.toString());
        wire.put("payload", payload);
        try (PulsarClient client = PulsarClient.builder()
                        .serviceUrl(TestStack.endpoints().pulsarUrl().toString())
                        .build();
                Producer<byte[]> producer = client.newProducer(Schema.BYTES)
                        .topic("persistent://" + tenant + "/tickets/ticket-events")
                        .create()) {
            producer.newMessage()
                    .key(tenant)
                    .value(JSON.writeValueAsBytes(wire))
                    .send();
        }
    }
}
