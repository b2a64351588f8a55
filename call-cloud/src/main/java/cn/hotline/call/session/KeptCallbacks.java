package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Kept callbacks while they wait: a caller at the tenant's wait limit chose to be called back, hung up, and its call
 * keeps its place in the ACD's queue; the agent it is offered to dials the caller ({@link CallbackDialer#dialKept}).
 *
 * <p>Each has the number its offers show ({@code cc:call:kept:{callId}}, readable on every instance) and an entry in
 * the platform-wide index {@code cc:call:kept} (a sorted set of {@code tenant/callId} by the time it was kept). A kept
 * callback no agent got to within {@code cc.call.callback.kept-for}, or one a supervisor releases, gives up its
 * place: its task goes on the must-call-back list (open, due at once) and the call leaves the queue ({@code
 * CallLeftQueue RELEASED}; the record stays {@code CALLBACK_KEPT}). Every instance looks at the index every {@code
 * kept-check}; taking the entry out of the index is the claim, so one instance releases each.
 *
 * <p>Releasing moves the task first: an agent answering the offer at the same moment either took the task before
 * (the release changes nothing) or finds it gone and the ACD lets the call go ({@code AgentSocket#gone}).
 */
public final class KeptCallbacks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeptCallbacks.class);

    static final String INDEX = "cc:call:kept";

    /** How long a kept callback's number stays readable for offers (the task in PostgreSQL stays regardless). */
    private static final Duration NUMBER_TTL = Duration.ofDays(2);

    private final ReactiveStringRedisTemplate redis;
    private final AcdManagement acd;
    private final CallbackTasks tasks;
    private final Duration keptFor;
    private final Duration check;
    private final Clock clock;
    private volatile Disposable checking = reactor.core.Disposables.disposed();

    KeptCallbacks(
            ReactiveStringRedisTemplate redis,
            AcdManagement acd,
            CallbackTasks tasks,
            Duration keptFor,
            Duration check,
            Clock clock) {
        this.redis = redis;
        this.acd = acd;
        this.tasks = tasks;
        this.keptFor = Objects.requireNonNull(keptFor);
        this.check = Objects.requireNonNull(check);
        this.clock = clock;
    }

    /** Starts looking every {@code kept-check}; stopped (and started again) with the application's lifecycle. */
    @Override
    public synchronized void start() {
        if (!checking.isDisposed()) {
            return;
        }
        checking = Flux.interval(check, check, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> releaseOverdue().onErrorResume(error -> {
                    log.warn("Kept callbacks not checked: {}", error.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        checking.dispose();
    }

    @Override
    public boolean isRunning() {
        return !checking.isDisposed();
    }

    /** The caller at the wait limit kept its place: its number for the offers, its entry in the index. */
    Mono<Void> remember(TenantId tenant, CallId call, String number) {
        return redis.opsForValue()
                .set(numberKey(call), number, NUMBER_TTL)
                .then(redis.opsForZSet().add(INDEX, member(tenant, call), clock.millis()))
                .then();
    }

    /** The kept callback is over here (taken by an agent, released, or never kept after all). */
    Mono<Void> forget(TenantId tenant, CallId call) {
        return redis.delete(numberKey(call))
                .then(redis.opsForZSet().remove(INDEX, member(tenant, call)))
                .then();
    }

    /** The number a kept callback's offer shows; readable on every instance. */
    static String numberKey(CallId call) {
        return "cc:call:kept:" + call.value();
    }

    /**
     * A supervisor gives a kept callback up: emits true when task {@code task} was a kept callback the queue still
     * held (it is now open on the list), false when the task is anything else (or an agent took it meanwhile), empty
     * when the tenant has no such task.
     */
    public Mono<Boolean> releaseTask(TenantId tenant, UUID task) {
        return tasks.holder(tenant, task)
                .flatMap(holder -> holder.keptInQueue() ? release(tenant, holder.call()) : Mono.just(false));
    }

    /** Releases every kept callback that has waited {@code kept-for}; emits how many this instance released. */
    Mono<Long> releaseOverdue() {
        long before = clock.millis() - keptFor.toMillis();
        return redis.opsForZSet()
                .rangeByScore(INDEX, Range.closed(0.0, (double) before))
                .concatMap(member -> redis.opsForZSet()
                        .remove(INDEX, member)
                        .filter(removed -> removed > 0) // another instance took it
                        .flatMap(claimed -> {
                            int slash = member.indexOf('/');
                            TenantId tenant = TenantId.of(member.substring(0, slash));
                            CallId call = new CallId(UUID.fromString(member.substring(slash + 1)));
                            return release(tenant, call);
                        }))
                .filter(Boolean::booleanValue)
                .count();
    }

    /** The task to the list (if the queue still holds it), then the call out of the queue and the number away. */
    private Mono<Boolean> release(TenantId tenant, CallId call) {
        return tasks.release(tenant, call).flatMap(released -> {
            if (!released) {
                return forget(tenant, call).thenReturn(false);
            }
            log.info("Kept callback {} of tenant {} released to the must-call-back list", call, tenant);
            // a call ringing at an agent right now is not taken away: that agent's answer finds no task and the ACD
            // lets the call go then
            return acd.leaveQueue(tenant, call, Acd.LeaveReason.RELEASED)
                    .onErrorResume(error -> {
                        log.warn("Released kept callback {} not taken out of the queue: {}", call, error.toString());
                        return Mono.just(false);
                    })
                    .then(forget(tenant, call))
                    .thenReturn(true);
        });
    }

    private static String member(TenantId tenant, CallId call) {
        return tenant.value() + "/" + call.value();
    }
}
