package cn.hotline.kernel.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.ConsumerBuilder;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Pulsar consumers a service keeps on topics it follows (one per tenant, found by a refresh), and the loops that
 * read them, as one lifecycle for a {@code SmartLifecycle} bean:
 *
 * <ul>
 *   <li>{@link #start} makes a fresh set of loops, so a bean stopped and started again follows its topics again (a
 *       test context cache pauses and restarts contexts; before, a restarted bean followed nothing);
 *   <li>a subscription that completes after {@link #stop}, or after its refresh gave up waiting, is closed, never left
 *       connected: a consumer nobody reads can be the active consumer of a Failover subscription and hold its topic;
 *   <li>a consumer whose read loop ends (the client closed it) is closed and forgotten, so the next refresh subscribes
 *       again;
 *   <li>a handler's unexpected error is logged and the loop goes on.
 * </ul>
 */
public final class TopicFollowers {

    private static final Logger log = LoggerFactory.getLogger(TopicFollowers.class);

    private final String name;
    private final Map<String, Consumer<byte[]>> consumers = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private Disposable.Composite running = Disposables.composite();
    // NEW until the first start: a caller may follow topics itself then. STOPPED: a subscription that completes is
    // closed.
    private volatile State state = State.NEW;

    private enum State {
        NEW,
        STARTED,
        STOPPED
    }

    /** @param name who follows, for the logs ("city delivery worker") */
    public TopicFollowers(String name) {
        this.name = name;
    }

    /** Starts, with the service's own loop (its tenant refresh); nothing when started already. */
    public void start(Supplier<Disposable> refresh) {
        synchronized (lifecycle) {
            if (state == State.STARTED) {
                return;
            }
            state = State.STARTED;
            running = Disposables.composite();
            running.add(refresh.get());
        }
    }

    /** Stops every loop and closes every consumer. */
    public void stop() {
        synchronized (lifecycle) {
            state = State.STOPPED;
            running.dispose();
            consumers.values().forEach(Consumer::closeAsync);
            consumers.clear();
        }
    }

    public boolean isRunning() {
        return state == State.STARTED;
    }

    /**
     * A consumer of the durable {@code subscription} on {@code topic} that starts at the topic's first message (a new
     * subscription reads everything kept), and gets a negatively acknowledged message again after
     * {@code redeliveryDelay}: what each follower refines and subscribes.
     */
    public static ConsumerBuilder<byte[]> fromTheStart(
            PulsarClient pulsar, String topic, String subscription, SubscriptionType type, Duration redeliveryDelay) {
        return pulsar.newConsumer(Schema.BYTES)
                .topic(topic)
                .subscriptionName(subscription)
                .subscriptionType(type)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .negativeAckRedeliveryDelay(redeliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a consumer on the topic is open and read. */
    public boolean follows(String topic) {
        return consumers.containsKey(topic);
    }

    /**
     * Subscribes to the topic unless it is followed already, then reads it: each message goes to {@code handle}, in
     * order when {@code concurrency} is 1, else up to that many at once. The Mono ends when the consumer is registered;
     * it fails when the subscription fails (the caller logs it and the next refresh tries again).
     */
    public Mono<Void> follow(
            String topic,
            Supplier<CompletableFuture<Consumer<byte[]>>> subscribe,
            int concurrency,
            BiFunction<Consumer<byte[]>, Message<byte[]>, Mono<Void>> handle) {
        if (consumers.containsKey(topic)) {
            return Mono.empty();
        }
        // the registration runs when the subscription completes, whether or not this Mono was cancelled meanwhile
        return Mono.fromFuture(
                        () -> subscribe.get().thenAccept(consumer -> register(topic, consumer, concurrency, handle)),
                        true)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private void register(
            String topic,
            Consumer<byte[]> consumer,
            int concurrency,
            BiFunction<Consumer<byte[]>, Message<byte[]>, Mono<Void>> handle) {
        synchronized (lifecycle) {
            if (state == State.STOPPED || consumers.putIfAbsent(topic, consumer) != null) {
                consumer.closeAsync();
                return;
            }
            log.info("{} follows {}", name, topic);
            Flux<Message<byte[]>> messages =
                    Flux.defer(() -> Mono.fromFuture(consumer::receiveAsync)).repeat();
            Flux<Void> handled = concurrency <= 1
                    ? messages.concatMap(message -> safely(topic, Mono.defer(() -> handle.apply(consumer, message))))
                    : messages.flatMap(
                            message -> safely(topic, Mono.defer(() -> handle.apply(consumer, message))), concurrency);
            running.add(handled.subscribe(null, error -> {
                log.warn(
                        "{} stops reading {}, subscribed again at the next refresh: {}", name, topic, error.toString());
                if (consumers.remove(topic, consumer)) {
                    consumer.closeAsync();
                }
            }));
        }
    }

    private Mono<Void> safely(String topic, Mono<Void> handled) {
        return handled.onErrorResume(error -> {
            log.warn("{}: a message of {} failed unexpectedly: {}", name, topic, error.toString());
            return Mono.empty();
        });
    }
}
