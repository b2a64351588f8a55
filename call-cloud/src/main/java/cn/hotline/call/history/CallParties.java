package cn.hotline.call.history;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The SIP side's part of a call record: the caller's and the called number, which the ACD's decisions do not carry.
 * The record itself is folded from the decisions a moment after the call arrived, so writing waits for it (a few
 * retries a second apart); a call whose record never appears (it never reached the ACD) keeps no numbers.
 */
public final class CallParties {

    private static final class NoRecordYet extends RuntimeException {
        NoRecordYet() {
            super(null, null, false, false);
        }
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    CallParties(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Emits whether the record now carries the numbers. */
    public Mono<Boolean> note(TenantId tenant, CallId call, @Nullable String caller, String called) {
        return Mono.defer(() -> {
                    DatabaseClient.GenericExecuteSpec spec = db.sql(
                                    "UPDATE call_record SET caller = :caller, called = :called WHERE call_id = :call")
                            .bind("called", called)
                            .bind("call", call.value());
                    spec = caller == null ? spec.bindNull("caller", String.class) : spec.bind("caller", caller);
                    return Tenancy.runAs(
                            TenantContext.of(tenant),
                            tx.transactional(spec.fetch().rowsUpdated()));
                })
                .flatMap(rows -> rows > 0 ? Mono.just(true) : Mono.<Boolean>error(new NoRecordYet()))
                .retryWhen(Retry.fixedDelay(5, Duration.ofSeconds(1)).filter(NoRecordYet.class::isInstance))
                .onErrorResume(reactor.core.Exceptions::isRetryExhausted, error -> Mono.just(false));
    }

    /** The outcome of a call record whose caller hung up in the IVR, before reaching a queue. */
    public static final String ABANDONED_IN_IVR = "ABANDONED_IN_IVR";

    /**
     * The caller hung up in the IVR, before the call reached the ACD: a call record of its own (outcome {@link
     * #ABANDONED_IN_IVR}, no group, {@code queued_at} the arrival, {@code ended_at} the hang-up), since no decision
     * will ever fold one. A record the ACD made meanwhile (a race with the IVR's queue step) is left as it is.
     */
    public Mono<Void> abandonedInIvr(
            TenantId tenant,
            CallId call,
            @Nullable String caller,
            String called,
            java.time.Instant arrivedAt,
            java.time.Instant endedAt) {
        return Mono.defer(() -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO call_record (tenant_id, call_id, caller,"
                            + " called, queued_at, ended_at, outcome, last_decision) VALUES (:tenant, :call, :caller,"
                            + " :called, :arrived, :ended, :outcome, 0) ON CONFLICT (tenant_id, call_id) DO NOTHING")
                    .bind("tenant", tenant.value())
                    .bind("call", call.value())
                    .bind("called", called)
                    .bind("arrived", arrivedAt.atOffset(java.time.ZoneOffset.UTC))
                    .bind("ended", endedAt.atOffset(java.time.ZoneOffset.UTC))
                    .bind("outcome", ABANDONED_IN_IVR);
            spec = caller == null ? spec.bindNull("caller", String.class) : spec.bind("caller", caller);
            return Tenancy.runAs(
                            TenantContext.of(tenant),
                            tx.transactional(spec.fetch().rowsUpdated()))
                    .then();
        });
    }
}
