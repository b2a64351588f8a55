package cn.hotline.workforce.sms;

import cn.hotline.kernel.crypto.PhoneNumbers;
import cn.hotline.kernel.events.TopicFollowers;
import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reply-result SMS (办结回复短信): for every tenant whose SMS settings name a reply template, consumes ticket-service's
 * {@code persistent://<tenant>/tickets/ticket-events} (shared subscription {@code workforce-sms-replies}) and, on
 * {@code TicketClosed}, sends the template with {@code ${ticket}} = the ticket's external (city) number or its id, to
 * the citizen's number from {@link TicketContacts}. Idempotent per ticket: the message is stored under
 * {@code TICKET_REPLY + ticket id} (unique), so a redelivered or repeated event sends nothing. A failure (database,
 * ticket-service) is negatively acknowledged and comes back; a permanent refusal (no number, bad template) is
 * acknowledged and counted ({@code cc.workforce.sms.replies.skipped}).
 */
@Component
final class TicketReplySms implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TicketReplySms.class);

    private final PulsarClient pulsar;
    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsSending sending;
    private final TicketContacts contacts;
    private final SmsProperties.Replies properties;
    private final JsonMapper json;
    private final TopicFollowers followers = new TopicFollowers("ticket reply SMS");
    private final Counter sent;
    private final Counter skipped;

    TicketReplySms(
            PulsarClient pulsar,
            SmsStore store,
            SmsTransactions tx,
            SmsSending sending,
            TicketContacts contacts,
            SmsProperties properties,
            JsonMapper json,
            ObjectProvider<MeterRegistry> meters) {
        this.pulsar = pulsar;
        this.store = store;
        this.tx = tx;
        this.sending = sending;
        this.contacts = contacts;
        this.properties = properties.replies();
        this.json = json;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.sent = Counter.builder("cc.workforce.sms.replies.sent").register(registry);
        this.skipped = Counter.builder("cc.workforce.sms.replies.skipped").register(registry);
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("ticket reply SMS disabled (cc.workforce.sms.replies.enabled=false)");
            return;
        }
        followers.start(() -> Flux.interval(Duration.ZERO, properties.tenantRefresh(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> tx.platform("ticket reply SMS: list tenants", store.tenants())
                        .concatMap(tenant -> tx.run(tenant, store.settings(tenant))
                                .filter(s -> s.replyTemplate() != null)
                                .flatMap(s -> consume(tenant)))
                        .then()
                        .onErrorResume(error -> {
                            log.warn("ticket reply SMS could not refresh its tenants: {}", error.toString());
                            return Mono.empty();
                        }))
                .subscribe());
    }

    private Mono<Void> consume(TenantId tenant) {
        String topic = properties.topic(tenant.value());
        return followers
                .follow(
                        topic,
                        () -> TopicFollowers.fromTheStart(
                                        pulsar,
                                        topic,
                                        properties.subscription(),
                                        SubscriptionType.Shared,
                                        Duration.ofSeconds(2))
                                .subscribeAsync(),
                        1,
                        (consumer, message) -> handle(tenant, consumer, message))
                .onErrorResume(error -> {
                    log.warn("ticket reply SMS cannot consume {} yet: {}", topic, error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> handle(TenantId tenant, Consumer<byte[]> consumer, Message<byte[]> message) {
        JsonNode envelope;
        try {
            envelope = json.readTree(message.getValue());
        } catch (RuntimeException e) {
            skipped.increment();
            return Mono.fromFuture(() -> consumer.acknowledgeAsync(message));
        }
        if (!"TicketClosed".equals(envelope.path("type").asString(""))) {
            return Mono.fromFuture(() -> consumer.acknowledgeAsync(message));
        }
        JsonNode payload = envelope.path("payload");
        String ticket = payload.path("ticket").asString("");
        String externalRef = payload.path("externalRef").asString("");
        if (ticket.isBlank()) {
            skipped.increment();
            return Mono.fromFuture(() -> consumer.acknowledgeAsync(message));
        }
        return tx.run(tenant, store.settings(tenant))
                .flatMap(settings -> settings.replyTemplate() == null
                        ? Mono.<Boolean>just(false)
                        : contacts.replyNumber(tenant, ticket)
                                .flatMap(number -> send(
                                        tenant,
                                        ticket,
                                        externalRef.isBlank() ? ticket : externalRef,
                                        settings,
                                        number)))
                .then(Mono.fromFuture(() -> consumer.acknowledgeAsync(message)))
                .onErrorResume(error -> {
                    log.warn("reply SMS for ticket {} of {} comes back later: {}", ticket, tenant, error.toString());
                    consumer.negativeAcknowledge(message);
                    return Mono.empty();
                });
    }

    private Mono<Boolean> send(
            TenantId tenant, String ticket, String shown, SmsSettings settings, Optional<String> number) {
        if (number.isEmpty()) {
            skipped.increment();
            return Mono.just(false);
        }
        String to;
        try {
            to = PhoneNumbers.normalise(number.get());
        } catch (IllegalArgumentException e) {
            skipped.increment();
            return Mono.just(false);
        }
        return sending.sendOnce(
                        tenant,
                        "TICKET_REPLY",
                        ticket,
                        java.util.Objects.requireNonNull(settings.replyTemplate()),
                        to,
                        Map.of("ticket", shown))
                .doOnNext(id -> sent.increment())
                .map(id -> true)
                .defaultIfEmpty(false)
                .onErrorResume(
                        e -> e instanceof cn.hotline.kernel.problem.ProblemException p
                                && (p.code() == cn.hotline.kernel.problem.ProblemCode.VALIDATION_FAILED
                                        || p.code() == cn.hotline.kernel.problem.ProblemCode.TENANT_QUOTA_EXCEEDED),
                        e -> {
                            // a template that needs other variables, or the quota is used up: retrying will not help
                            skipped.increment();
                            log.warn("reply SMS for ticket {} of {} not sent: {}", ticket, tenant, e.getMessage());
                            return Mono.just(false);
                        });
    }

    @Override
    public void stop() {
        followers.stop();
    }

    @Override
    public boolean isRunning() {
        return followers.isRunning();
    }
}
