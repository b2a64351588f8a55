package cn.hotline.workforce.events;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.workforce.testing.TenantEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The consumer against the real broker: a fold that hangs is given up after the fold timeout and delivered again. */
@RealServers
class TenantTopicsConsumerIT {

    @Test
    void aFoldThatHangsIsGivenUpAndTheEventIsDeliveredAgainSoTheTopicMovesOn() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        Set<Long> folded = ConcurrentHashMap.newKeySet();
        AtomicInteger hung = new AtomicInteger();
        CallEventSink sink = (TenantId tenant, UUID eventId, CallEvent event) -> {
            if (!tenant.value().equals(events.tenant)) {
                return Mono.empty();
            }
            // the first delivery of the second event never ends (a connection that hangs)
            if (event.sequence() == 2 && hung.getAndIncrement() == 0) {
                return Mono.never();
            }
            folded.add(event.sequence());
            return Mono.empty();
        };
        Instant at = Instant.parse("2026-11-23T02:00:00Z");
        following(sink, Duration.ofSeconds(1), consumer -> {
            consumer.start();
            events.calls(List.of(
                    new CallEvent.CallArrived(1, CallId.random(), "general", 0, at),
                    new CallEvent.CallArrived(2, CallId.random(), "general", 0, at.plusSeconds(1)),
                    new CallEvent.CallArrived(3, CallId.random(), "general", 0, at.plusSeconds(2))));
            awaitSize(folded, 3, Duration.ofSeconds(90));
        });
        assertThat(folded).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(hung.get())
                .as("the hung fold, then the delivery that folded it")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConsumerStoppedAndStartedAgainFollowsTheTopicsAgain() throws Exception {
        // a paused test context (or a restarted application context) stops its lifecycle beans and starts them again
        TenantEvents events = new TenantEvents().provision();
        Set<Long> folded = ConcurrentHashMap.newKeySet();
        CallEventSink sink = (TenantId tenant, UUID eventId, CallEvent event) -> {
            if (tenant.value().equals(events.tenant)) {
                folded.add(event.sequence());
            }
            return Mono.empty();
        };
        Instant at = Instant.parse("2026-11-23T02:00:00Z");
        following(sink, Duration.ofSeconds(5), consumer -> {
            consumer.start();
            Thread.sleep(1500);
            consumer.stop();
            assertThat(consumer.isRunning()).isFalse();
            consumer.start();
            events.calls(List.of(
                    new CallEvent.CallArrived(1, CallId.random(), "general", 0, at),
                    new CallEvent.CallArrived(2, CallId.random(), "general", 0, at.plusSeconds(1))));
            awaitSize(folded, 2, Duration.ofSeconds(60));
        });
        assertThat(folded).as("folded after the restart").containsExactlyInAnyOrder(1L, 2L);
    }

    interface WithConsumer {
        void accept(TenantTopicsConsumer consumer) throws Exception;
    }

    /** A consumer of its own subscription (refreshing every 500 ms) with the sink, stopped after {@code work}. */
    private static void following(CallEventSink sink, Duration foldTimeout, WithConsumer work) throws Exception {
        EventsProperties properties = new EventsProperties(
                true,
                null,
                null,
                "consumer-it-" + UUID.randomUUID(),
                TestStack.endpoints().pulsarAdminUrl(),
                Duration.ofMillis(500),
                foldTimeout);
        try (PulsarClient pulsar = PulsarClient.builder()
                .serviceUrl(TestStack.endpoints().pulsarUrl().toString())
                .build()) {
            TenantTopicsConsumer consumer =
                    new TenantTopicsConsumer(pulsar, properties, List.of(sink), List.of(), List.of());
            try {
                work.accept(consumer);
            } finally {
                consumer.stop();
            }
        }
    }

    private static void awaitSize(Set<Long> folded, int size, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (folded.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
