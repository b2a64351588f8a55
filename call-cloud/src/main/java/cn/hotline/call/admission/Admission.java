package cn.hotline.call.admission;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Admits or refuses new inbound calls: number → tenant, blacklists, concurrent-call quota, in this order (a refused
 * call takes no quota). Fails closed: when tenant-service, PostgreSQL or Redis cannot answer, the call is {@link
 * AdmissionDecision.Unavailable} (SIP 503), logged and counted in {@link #failedClosed()}.
 */
public final class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final NumberDirectory numbers;
    private final Blacklists blacklists;
    private final CallQuota quota;
    private final AdmissionProperties properties;
    private final java.util.concurrent.atomic.AtomicLong failedClosed = new java.util.concurrent.atomic.AtomicLong();

    Admission(NumberDirectory numbers, Blacklists blacklists, CallQuota quota, AdmissionProperties properties) {
        this.numbers = numbers;
        this.blacklists = blacklists;
        this.quota = quota;
        this.properties = properties;
    }

    public Mono<AdmissionDecision> admit(AdmissionRequest request) {
        Duration retryAfter = retryAfter();
        return numbers.owner(request.called())
                .flatMap(owner -> owner.<Mono<AdmissionDecision>>map(tenant -> admit(tenant, request))
                        .orElseGet(() -> Mono.just(new AdmissionDecision.UnknownNumber(request.called()))))
                .onErrorResume(error -> {
                    failedClosed.incrementAndGet();
                    log.warn("Call to {} refused with 503 (fail closed): {}", request.called(), error.toString());
                    return Mono.just(new AdmissionDecision.Unavailable(
                            "admission could not check the call: "
                                    + error.getClass().getSimpleName(),
                            retryAfter));
                });
    }

    private Mono<AdmissionDecision> admit(TenantId tenant, AdmissionRequest request) {
        String caller = request.caller();
        Mono<AdmissionDecision> blacklisted = caller == null
                ? Mono.empty()
                : blacklists
                        .match(tenant, caller)
                        .map(scope -> new AdmissionDecision.Blacklisted(tenant, scope, announcement(tenant)));
        return blacklisted.switchIfEmpty(Mono.defer(() -> take(tenant)));
    }

    private Mono<AdmissionDecision> take(TenantId tenant) {
        CallId call = CallId.random();
        return quota.acquire(tenant, call).map(result -> switch ((int) result.outcome()) {
            case (int) CallQuota.GRANTED -> new AdmissionDecision.Admitted(tenant, call);
            case (int) CallQuota.EXCEEDED ->
                new AdmissionDecision.OverQuota(tenant, result.used(), result.limit(), retryAfter());
            case (int) CallQuota.BLOCKED ->
                new AdmissionDecision.Unavailable("tenant " + tenant + " takes no calls now", retryAfter());
            default -> new AdmissionDecision.Unavailable("no concurrent-call limit for tenant " + tenant, retryAfter());
        });
    }

    /**
     * An outbound call of the tenant (a callback) takes a place in its concurrent-call quota like an inbound one:
     * emits whether it got one (no limit known, blocked or full: false).
     */
    public Mono<Boolean> takeOutbound(TenantId tenant, CallId call) {
        return quota.acquire(tenant, call).map(result -> result.outcome() == CallQuota.GRANTED);
    }

    /** Keeps an admitted call counted for another TTL; the session calls it every third of the TTL. */
    public Mono<Boolean> renew(TenantId tenant, CallId call) {
        return quota.renew(tenant, call);
    }

    /** The call ended: it no longer counts. */
    public Mono<Void> release(TenantId tenant, CallId call) {
        return quota.release(tenant, call);
    }

    /** How many calls were refused because a dependency could not answer. */
    public long failedClosed() {
        return failedClosed.get();
    }

    public Duration callTtl() {
        return properties.callTtlValue();
    }

    /** Whether the tenant wants blacklisted callers to hear an announcement before the 603. */
    public boolean announcesBlacklisted(TenantId tenant) {
        return properties.announceBlacklisted() != null
                && properties.announceBlacklisted().contains(tenant.value());
    }

    /** Whether the tenant wants callers over its concurrent-call limit to hear an announcement before the 486. */
    public boolean announcesOverQuota(TenantId tenant) {
        return properties.announceOverQuota() != null
                && properties.announceOverQuota().contains(tenant.value());
    }

    /** Whether callers of a number no tenant owns hear an announcement before the 404. */
    public boolean announcesUnknownNumber() {
        return properties.announceUnknownNumber();
    }

    /** The longest a refusal's announcement plays. */
    public Duration announcementLimit() {
        return properties.announcementLimit() == null ? Duration.ofSeconds(15) : properties.announcementLimit();
    }

    private java.util.Optional<java.net.URI> announcement(TenantId tenant) {
        boolean wanted = properties.announceBlacklisted() != null
                && properties.announceBlacklisted().contains(tenant.value());
        return wanted ? java.util.Optional.ofNullable(properties.blacklistedPrompt()) : java.util.Optional.empty();
    }

    private Duration retryAfter() {
        return properties.retryAfter() == null ? Duration.ofSeconds(30) : properties.retryAfter();
    }
}
