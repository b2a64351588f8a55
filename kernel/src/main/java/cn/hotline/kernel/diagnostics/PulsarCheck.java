package cn.hotline.kernel.diagnostics;

import cn.hotline.kernel.id.Uuids;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a message to the platform's diagnostics topic and consumes it back on a fresh
 * subscription, with Pulsar's asynchronous API (no thread blocks).
 */
final class PulsarCheck implements DiagnosticCheck {

    static final String TOPIC = "persistent://public/default/platform-diagnostics";

    private final PulsarClient client;

    PulsarCheck(PulsarClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "pulsar";
    }

    @Override
    public Mono<DiagnosticResult> run() {
        String marker = Uuids.v7().toString();
        Mono<Consumer<String>> subscribe = Mono.fromFuture(() -> client.newConsumer(Schema.STRING)
                .topic(TOPIC)
                .subscriptionName("diagnostics-" + marker)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
                .subscribeAsync());
        return Mono.usingWhen(
                        subscribe,
                        consumer -> Mono.usingWhen(
                                Mono.fromFuture(() -> client.newProducer(Schema.STRING)
                                        .topic(TOPIC)
                                        .createAsync()),
                                producer -> roundTrip(producer, consumer, marker),
                                producer -> Mono.fromFuture(producer::closeAsync)),
                        consumer -> Mono.fromFuture(consumer::unsubscribeAsync)
                                .onErrorResume(e -> Mono.empty())
                                .then(Mono.fromFuture(consumer::closeAsync)))
                // The client's "async" builders still do blocking set-up work (entropy reads) on the
                // calling thread, so they are never called from an event loop.
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<DiagnosticResult> roundTrip(Producer<String> producer, Consumer<String> consumer, String marker) {
        return Mono.fromFuture(() -> producer.sendAsync(marker)).flatMap(sent -> receive(consumer, marker)
                .map(received -> DiagnosticResult.up(
                        name(),
                        "published and consumed",
                        Map.of("topic", TOPIC, "messageId", String.valueOf(received.getMessageId())))));
    }

    private Mono<Message<String>> receive(Consumer<String> consumer, String marker) {
        return Mono.fromFuture(consumer::receiveAsync)
                .flatMap(message -> Mono.fromFuture(() -> consumer.acknowledgeAsync(message))
                        .thenReturn(message))
                .repeat()
                .filter(message -> marker.equals(message.getValue()))
                .next()
                .timeout(java.time.Duration.of(10, TimeUnit.SECONDS.toChronoUnit()));
    }
}
