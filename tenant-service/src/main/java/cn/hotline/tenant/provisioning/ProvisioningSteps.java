package cn.hotline.tenant.provisioning;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The provisioning_step table: the recorded state of each step of each tenant. */
@Component
class ProvisioningSteps {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    ProvisioningSteps(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** Records the steps that are not recorded yet as PENDING (and refreshes every step's order). */
    Mono<Void> plan(TenantId tenant, List<ProvisioningStep> steps) {
        return platform(Flux.fromIterable(steps)
                .concatMap(step -> db.sql("INSERT INTO provisioning_step (tenant_slug, step, step_order, status)"
                                + " VALUES ($1, $2, $3, 'PENDING')"
                                + " ON CONFLICT (tenant_slug, step) DO UPDATE SET step_order = $3")
                        .bind(0, tenant.value())
                        .bind(1, step.name())
                        .bind(2, step.order())
                        .fetch()
                        .rowsUpdated())
                .then());
    }

    Mono<List<StepState>> states(TenantId tenant) {
        return platform(db.sql("SELECT step, step_order, status, attempts, last_error, started_at, finished_at"
                        + " FROM provisioning_step WHERE tenant_slug = $1 ORDER BY step_order, step")
                .bind(0, tenant.value())
                .map(ProvisioningSteps::state)
                .all()
                .collectList());
    }

    /**
     * Takes over a tenant stuck in {@code PROVISIONING} — its provisioning stopped (a crash, a lost request) without
     * recording an outcome — when neither the tenant nor any of its steps changed for {@code staleAfter}. Emits true
     * when this caller won it (the tenant's {@code updated_at} is touched, so a concurrent caller loses).
     */
    Mono<Boolean> reclaimStale(TenantId tenant, java.time.Duration staleAfter) {
        return platform(db.sql(
                        """
                        UPDATE tenant t SET updated_at = now()
                         WHERE t.slug = $1 AND t.status = 'PROVISIONING'
                           AND greatest(t.updated_at,
                                        (SELECT max(greatest(s.started_at, s.finished_at))
                                           FROM provisioning_step s WHERE s.tenant_slug = t.slug))
                               < now() - make_interval(secs => $2)""")
                .bind(0, tenant.value())
                .bind(1, (double) staleAfter.toSeconds())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1));
    }

    Mono<Void> running(TenantId tenant, String step) {
        return update(
                tenant,
                step,
                "status = 'RUNNING', attempts = attempts + 1, started_at = now(),"
                        + " finished_at = NULL, last_error = NULL",
                null);
    }

    Mono<Void> succeeded(TenantId tenant, String step) {
        return update(tenant, step, "status = 'SUCCEEDED', finished_at = now()", null);
    }

    Mono<Void> failed(TenantId tenant, String step, String error) {
        return update(tenant, step, "status = 'FAILED', finished_at = now(), last_error = $3", error);
    }

    private Mono<Void> update(TenantId tenant, String step, String set, @Nullable String error) {
        DatabaseClient.GenericExecuteSpec sql = db.sql(
                        "UPDATE provisioning_step SET " + set + " WHERE tenant_slug = $1 AND step = $2")
                .bind(0, tenant.value())
                .bind(1, step);
        if (error != null) {
            sql = sql.bind(2, error);
        }
        return platform(sql.fetch().rowsUpdated().then());
    }

    private <T> Mono<T> platform(Mono<T> work) {
        return transactions
                .transactional(work)
                .contextWrite(context -> context.hasKey(Tenancy.CONTEXT_KEY)
                        ? context
                        : context.put(Tenancy.CONTEXT_KEY, TenantContext.platform("provisioning steps")));
    }

    private static StepState state(Readable row) {
        OffsetDateTime started = row.get("started_at", OffsetDateTime.class);
        OffsetDateTime finished = row.get("finished_at", OffsetDateTime.class);
        return new StepState(
                Objects.requireNonNull(row.get("step", String.class)),
                Objects.requireNonNull(row.get("step_order", Integer.class)),
                StepState.Status.valueOf(Objects.requireNonNull(row.get("status", String.class))),
                Objects.requireNonNull(row.get("attempts", Integer.class)),
                row.get("last_error", String.class),
                started == null ? null : started.toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
