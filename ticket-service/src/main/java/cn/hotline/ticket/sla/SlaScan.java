package cn.hotline.ticket.sla;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.sla.domain.LimitState;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.TicketTransactions;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.WarningLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code scan-interval}, one instance (the holder of the ShedLock lock {@code ticket-sla-scan} in Redis) walks
 * every tenant's open tickets and raises each yellow or red light as a {@code WarningRaised} step (a ledger entry
 * and a ticket event — the notice consumers act on). Idempotent: the aggregate accepts each warning once per limit
 * instance ({@code sign-for@<start>}) and level, so a repeated or overlapping scan changes nothing; a ticket that
 * moved meanwhile (version conflict) is simply looked at again next time.
 */
@Component
public final class SlaScan implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlaScan.class);
    private static final String LOCK = "ticket-sla-scan";
    private static final Actor SCANNER = Actor.system("sla-scan");

    private final LockProvider locks;
    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final TicketManagement tickets;
    private final TicketLimits limits;
    private final SlaProperties properties;
    private final Clock clock;
    private final Counter raised;
    private final Counter failures;
    private volatile @Nullable Disposable loop;

    SlaScan(
            LockProvider locks,
            DatabaseClient db,
            TicketTransactions tx,
            TicketManagement tickets,
            TicketLimits limits,
            SlaProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.locks = locks;
        this.db = db;
        this.tx = tx;
        this.tickets = tickets;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.raised = Counter.builder("cc.ticket.sla.warnings.raised").register(registry);
        this.failures = Counter.builder("cc.ticket.sla.scan.failures").register(registry);
    }

    /** What one scan did: whether this instance held the lock, and how many warnings it raised. */
    public record Result(boolean ran, int warnings) {}

    @Override
    public void start() {
        if (!properties.scanEnabled()) {
            log.info("SLA scan not scheduled on this instance (cc.ticket.sla.scan-enabled=false)");
            return;
        }
        loop = Flux.interval(properties.scanInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> scanOnce().onErrorResume(error -> {
                    failures.increment();
                    log.warn("SLA scan failed: {}", error.toString());
                    return Mono.just(new Result(false, 0));
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** One scan, if this instance gets the lock. */
    public Mono<Result> scanOnce() {
        return Mono.fromCallable(() -> locks.lock(new LockConfiguration(
                        ClockProvider.now(), LOCK, properties.lockAtMostFor(), properties.lockAtLeastFor())))
                // ShedLock's provider API is synchronous: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(lock -> lock.isEmpty() ? Mono.just(new Result(false, 0)) : scanHolding(lock));
    }

    private Mono<Result> scanHolding(Optional<SimpleLock> lock) {
        return tenants()
                .concatMap(
                        tenant -> tickets.openTickets(TenantContext.of(tenant)).concatMap(id -> check(tenant, id)))
                .reduce(0, Integer::sum)
                .map(n -> new Result(true, n))
                .doFinally(signal ->
                        Schedulers.boundedElastic().schedule(() -> lock.get().unlock()));
    }

    private Flux<TenantId> tenants() {
        return tx.run(
                TenantContext.platform("ticket SLA scan"),
                db.sql("SELECT tenant_slug FROM ticket_tenant ORDER BY tenant_slug")
                        .map(row -> TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                        .all());
    }

    private Mono<Integer> check(TenantId tenant, UUID id) {
        return checkOne(tenant, id).onErrorResume(error -> {
            // One ticket that cannot be read (a key rotated away, a corrupt row) must not stop the scan of the rest.
            failures.increment();
            log.warn("SLA scan skipped ticket {} of tenant {}: {}", id, tenant, error.toString());
            return Mono.just(0);
        });
    }

    private Mono<Integer> checkOne(TenantId tenant, UUID id) {
        TenantContext context = TenantContext.of(tenant);
        return limits.evaluate(context, tenant, id).flatMap(evaluation -> {
            Ticket ticket = Ticket.replay(evaluation.ledger());
            return Flux.fromIterable(evaluation.limits())
                    .filter(LimitState::running)
                    .filter(s -> s.light() == LimitState.Light.YELLOW || s.light() == LimitState.Light.RED)
                    .map(s -> new TicketCommand.RaiseWarning(
                            s.limit() + "@" + s.startedAt().getEpochSecond(),
                            s.light() == LimitState.Light.RED ? WarningLevel.RED : WarningLevel.YELLOW))
                    .filter(w -> !ticket.warnings().contains(Ticket.warningKey(w.limit(), w.level())))
                    .concatMap(w -> tickets.handle(context, id, w, SCANNER, null, null)
                            .doOnNext(t -> raised.increment())
                            .thenReturn(1)
                            // Moved meanwhile or already raised by an overlapping scan: next scan looks again.
                            .onErrorResume(ProblemException.class, e -> Mono.just(0)))
                    .reduce(0, Integer::sum);
        });
    }
}
