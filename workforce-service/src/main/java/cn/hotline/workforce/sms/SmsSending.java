package cn.hotline.workforce.sms;

import cn.hotline.kernel.crypto.PhoneNumbers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sending: one message now (refused at once with 429 {@code TOO_MANY_REQUESTS} when the tenant's token bucket is
 * empty), or a batch that is accepted whole and then drained at the tenant's rate. Either way the messages are first
 * counted against the month's quota in the same transaction that stores them (429 {@code TENANT_QUOTA_EXCEEDED} and
 * nothing stored when they do not all fit), then handed to the tenant's gateway outside any transaction.
 */
@Component
public final class SmsSending implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmsSending.class);

    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsRateLimiter rate;
    private final SmsReceipts receipts;
    private final Map<String, SmsGateway> gateways;
    private final SmsProperties properties;
    private final Clock clock;
    private final Counter submitted;
    private final Counter failed;
    private final Disposable.Composite running = Disposables.composite();

    SmsSending(
            SmsStore store,
            SmsTransactions tx,
            SmsRateLimiter rate,
            SmsReceipts receipts,
            List<SmsGateway> gateways,
            SmsProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.properties = properties;
        this.store = store;
        this.tx = tx;
        this.rate = rate;
        this.receipts = receipts;
        this.gateways = gateways.stream().collect(Collectors.toMap(SmsGateway::provider, Function.identity()));
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.submitted = Counter.builder("cc.workforce.sms.submitted").register(registry);
        this.failed = Counter.builder("cc.workforce.sms.failed").register(registry);
    }

    /** One recipient of a batch: the number and the template's variables. */
    public record Recipient(String phone, Map<String, String> variables) {}

    /** Validated input of one send. */
    record Prepared(String to, String content) {}

    static String number(@Nullable String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, field + " is required", Map.of("field", field));
        }
        try {
            String n = PhoneNumbers.normalise(raw);
            if (!n.matches("1\\d{10}")) {
                throw new IllegalArgumentException(raw);
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "'" + raw + "' is not a mainland mobile number",
                    Map.of("field", field));
        }
    }

    /** Sends one message now; the answer is the message after the gateway's answer (SUBMITTED or FAILED). */
    public Mono<SmsMessage> sendOne(TenantId tenant, UUID templateId, String phone, Map<String, String> variables) {
        return Mono.defer(() -> sendOneNow(tenant, templateId, number(phone, "to"), variables));
    }

    private Mono<SmsMessage> sendOneNow(TenantId tenant, UUID templateId, String to, Map<String, String> variables) {
        Instant now = clock.instant();
        UUID id = Uuids.v7();
        return tx.run(tenant, store.settings(tenant).zipWith(store.activeTemplate(templateId)))
                .flatMap(t -> {
                    SmsSettings settings = t.getT1();
                    String content = render(t.getT2(), variables, "variables");
                    return rate.takeOrRefuse(tenant, settings.ratePerSecond())
                            .then(tx.run(
                                    tenant,
                                    reserve(tenant, now, 1, settings)
                                            .then(store.enrol(tenant))
                                            .then(store.insert(
                                                    tenant,
                                                    new SmsStore.NewMessage(
                                                            id,
                                                            null,
                                                            templateId,
                                                            "API",
                                                            null,
                                                            to,
                                                            settings.signed(content),
                                                            settings.provider()),
                                                    now))))
                            .then(dispatch(tenant, settings, id, to, settings.signed(content)));
                })
                .then(Mono.defer(() -> tx.run(tenant, store.message(id))));
    }

    /**
     * A reply to a citizen on behalf of the system (ticket closed): idempotent on {@code source + sourceRef}; waits
     * for the rate limit instead of refusing. Empty when it was sent before.
     */
    Mono<UUID> sendOnce(
            TenantId tenant,
            String source,
            String sourceRef,
            UUID templateId,
            String to,
            Map<String, String> variables) {
        Instant now = clock.instant();
        UUID id = Uuids.v7();
        return tx.run(tenant, store.settings(tenant).zipWith(store.activeTemplate(templateId)))
                .flatMap(t -> {
                    SmsSettings settings = t.getT1();
                    String content = settings.signed(render(t.getT2(), variables, "variables"));
                    return tx.run(
                                    tenant,
                                    store.insert(
                                                    tenant,
                                                    new SmsStore.NewMessage(
                                                            id,
                                                            null,
                                                            templateId,
                                                            source,
                                                            sourceRef,
                                                            to,
                                                            content,
                                                            settings.provider()),
                                                    now)
                                            .flatMap(inserted -> inserted
                                                    ? reserve(tenant, now, 1, settings)
                                                            .thenReturn(true)
                                                    : Mono.just(false)))
                            .filter(Boolean::booleanValue)
                            .flatMap(fresh -> rate.await(tenant, settings.ratePerSecond())
                                    .then(dispatch(tenant, settings, id, to, content))
                                    .thenReturn(id));
                });
    }

    /**
     * Stores a batch (every recipient valid, every message within the quota, or nothing at all) and starts draining
     * it at the tenant's rate. Row numbers in errors count from 1 in the order given.
     */
    public Mono<SmsStore.BatchView> sendBatch(
            TenantId tenant, String name, UUID templateId, List<Recipient> recipients, String by) {
        if (name.isBlank() || name.length() > 64) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "name must have 1-64 characters", Map.of("field", "name")));
        }
        if (recipients.isEmpty() || recipients.size() > 100_000) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "a batch has 1-100000 recipients", Map.of("field", "recipients")));
        }
        Instant now = clock.instant();
        UUID batch = Uuids.v7();
        return tx.run(tenant, store.settings(tenant).zipWith(store.activeTemplate(templateId)))
                .flatMap(t -> {
                    SmsSettings settings = t.getT1();
                    List<Prepared> prepared = new ArrayList<>();
                    for (int i = 0; i < recipients.size(); i++) {
                        Recipient r = recipients.get(i);
                        String row = "recipients[" + (i + 1) + "]";
                        prepared.add(new Prepared(
                                number(r.phone(), row + ".phone"),
                                settings.signed(render(t.getT2(), r.variables(), row + ".variables"))));
                    }
                    return tx.run(
                                    tenant,
                                    reserve(tenant, now, prepared.size(), settings)
                                            .then(store.enrol(tenant))
                                            .then(store.insertBatch(
                                                    tenant, batch, name.strip(), templateId, prepared.size(), by, now))
                                            .thenMany(Flux.fromIterable(prepared)
                                                    .index()
                                                    .concatMap(p -> store.insert(
                                                            tenant,
                                                            new SmsStore.NewMessage(
                                                                    Uuids.v7(),
                                                                    batch,
                                                                    templateId,
                                                                    "BATCH",
                                                                    null,
                                                                    p.getT2().to(),
                                                                    p.getT2().content(),
                                                                    settings.provider()),
                                                            now.plusNanos(p.getT1() * 1000))))
                                            .then(store.batch(batch)))
                            .doOnSuccess(view -> drain(tenant, settings, batch));
                });
    }

    /** Drains a batch in the background: one message per token, in order. */
    private void drain(TenantId tenant, SmsSettings settings, UUID batch) {
        running.add(tx.run(tenant, store.queued(tenant, batch))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(q -> rate.await(tenant, settings.ratePerSecond())
                        .then(dispatch(tenant, settings, q.id(), q.to(), q.content())))
                .doOnError(error -> log.warn("SMS batch {} of {} stopped: {}", batch, tenant, error.toString()))
                .onErrorComplete()
                .subscribe());
    }

    private Mono<Void> reserve(TenantId tenant, Instant at, int n, SmsSettings settings) {
        return store.reserve(tenant, at, n, settings.monthlyQuota())
                .flatMap(ok -> ok
                        ? Mono.<Void>empty()
                        : store.used(at)
                                .flatMap(used -> Mono.error(new ProblemException(
                                        ProblemCode.TENANT_QUOTA_EXCEEDED,
                                        "This month's SMS quota is " + settings.monthlyQuota() + " messages, " + used
                                                + " are used; " + n + " more do not fit. Nothing was sent.",
                                        Map.of("quota", settings.monthlyQuota(), "used", used, "requested", n)))));
    }

    /** Claims the message, then hands it to the tenant's gateway; a message claimed elsewhere is left alone. */
    private Mono<Void> dispatch(TenantId tenant, SmsSettings settings, UUID id, String to, String content) {
        Instant now = clock.instant();
        return tx.run(tenant, store.claim(id, now, now.minus(properties.staleAfter())))
                .flatMap(claimed -> claimed ? submit(tenant, settings, id, to, content) : Mono.empty());
    }

    /**
     * Sends up to {@code limit} messages of {@code tenant} left QUEUED longer than {@code stale-after} (their instance
     * stopped while draining a batch), at the tenant's rate; answers how many were handed to the gateway.
     */
    Mono<Long> recover(TenantId tenant, int limit) {
        Instant before = clock.instant().minus(properties.staleAfter());
        return tx.run(
                        tenant,
                        store.settings(tenant)
                                .zipWith(store.abandoned(tenant, before, limit).collectList()))
                .flatMapMany(t -> Flux.fromIterable(t.getT2())
                        .concatMap(q -> rate.await(tenant, t.getT1().ratePerSecond())
                                .then(dispatch(tenant, t.getT1(), q.id(), q.to(), q.content()))
                                .thenReturn(1)))
                .count();
    }

    private Mono<Void> submit(TenantId tenant, SmsSettings settings, UUID id, String to, String content) {
        SmsGateway gateway = gateways.get(settings.provider());
        if (gateway == null) {
            return tx.run(tenant, store.failed(id, "no gateway " + settings.provider(), clock.instant()));
        }
        return gateway.submit(new SmsGateway.OutgoingSms(tenant, id, to, content, settings))
                .flatMap(submission -> switch (submission) {
                    case SmsGateway.Submission.Accepted accepted ->
                        receipts.link(tenant, id, accepted.providerIds())
                                .then(tx.run(tenant, store.submitted(id, accepted.providerIds(), clock.instant())))
                                .doOnSuccess(done -> submitted.increment());
                    case SmsGateway.Submission.Rejected rejected ->
                        tx.run(tenant, store.failed(id, rejected.reason(), clock.instant()))
                                .doOnSuccess(done -> failed.increment());
                });
    }

    static String render(SmsTemplate template, Map<String, String> variables, String field) {
        try {
            return template.render(variables);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage()), Map.of("field", field));
        }
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
