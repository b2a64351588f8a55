package cn.hotline.tenant.provisioning;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.audit.AuditLog;
import cn.hotline.tenant.quota.QuotaManagement;
import cn.hotline.tenant.registry.Tenant;
import cn.hotline.tenant.registry.TenantRegistry;
import cn.hotline.tenant.registry.TenantStatus;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provisions tenants and manages their life cycle: the one facade behind the operator API and the demo seeding.
 *
 * <p>Provisioning registers the tenant ({@code PROVISIONING}, with its spec), then runs every {@link ProvisioningStep}
 * bean in order, recording each step's state. The first failing step stops the run and leaves the tenant
 * {@code PROVISIONING_FAILED} with the reason; {@link #retry} runs the steps that have not succeeded. When all have,
 * the tenant is {@code ACTIVE} and the admin's initial password is erased from the stored spec. Every change of state
 * is audited in the tenant's chain.
 */
@Component
public class TenantProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TenantProvisioning.class);

    private final TenantRegistry registry;
    private final ProvisioningSteps stepStates;
    private final List<ProvisioningStep> steps;
    private final AuditLog audit;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final java.time.Duration staleAfter;
    private final QuotaManagement quotas;

    TenantProvisioning(
            TenantRegistry registry,
            ProvisioningSteps stepStates,
            List<ProvisioningStep> steps,
            AuditLog audit,
            TransactionalOperator transactions,
            JsonMapper json,
            ProvisioningProperties properties,
            QuotaManagement quotas) {
        this.registry = registry;
        this.stepStates = stepStates;
        this.steps = steps.stream()
                .sorted(Comparator.comparingInt(ProvisioningStep::order).thenComparing(ProvisioningStep::name))
                .toList();
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.staleAfter = properties.staleAfter();
        this.quotas = quotas;
        long distinct =
                this.steps.stream().map(ProvisioningStep::name).distinct().count();
        if (distinct != this.steps.size()) {
            throw new IllegalStateException("two provisioning steps share a name: "
                    + this.steps.stream().map(ProvisioningStep::name).toList());
        }
    }

    /** The steps in the order they run. */
    public List<String> stepNames() {
        return steps.stream().map(ProvisioningStep::name).toList();
    }

    /**
     * Provisions the tenant {@code spec} describes. Idempotent: the same spec again is {@link
     * ProvisioningOutcome.Unchanged}; a different spec for an existing slug fails with {@code CONFLICT}.
     */
    public Mono<ProvisioningOutcome> provision(TenantSpec spec, String actor) {
        TenantId slug = spec.slug();
        Mono<Boolean> register = transactions.transactional(
                registry.register(slug, spec.name(), spec.kind().name(), spec.hotlineNumbers(), write(spec))
                        .flatMap(created -> created
                                ? audit.record(slug, actor, "tenant.provisioning-started", target(slug), summary(spec))
                                        .thenReturn(true)
                                : Mono.just(false)));
        return platform(register)
                .flatMap(created -> created
                        ? stepStates
                                .plan(slug, steps)
                                .then(run(spec, actor))
                                .then(view(slug))
                                .<ProvisioningOutcome>map(ProvisioningOutcome.Created::new)
                        : registry.spec(slug)
                                .flatMap(stored -> read(stored).withoutSecrets().equals(spec.withoutSecrets())
                                        ? view(slug).<ProvisioningOutcome>map(ProvisioningOutcome.Unchanged::new)
                                        : Mono.error(new ProblemException(
                                                ProblemCode.CONFLICT,
                                                "Tenant " + slug
                                                        + " exists with a different spec. Provisioning does not change"
                                                        + " an existing tenant; use its own APIs (quotas, workstations).",
                                                Map.of("tenant", slug.value())))));
    }

    /**
     * Runs the steps that have not succeeded, for a {@code PROVISIONING_FAILED} tenant, or for one left in
     * {@code PROVISIONING} without progress for {@code cc.tenant.provisioning.stale-after} (its run was lost).
     */
    public Mono<TenantView> retry(TenantId slug, String actor) {
        Mono<Boolean> claimed = registry.transition(
                        slug, EnumSet.of(TenantStatus.PROVISIONING_FAILED), TenantStatus.PROVISIONING, null)
                .map(tenant -> true)
                .switchIfEmpty(Mono.defer(() -> stepStates.reclaimStale(slug, staleAfter)))
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.defer(() -> refuse(
                        slug,
                        "retry",
                        "PROVISIONING_FAILED (or PROVISIONING with no progress for " + staleAfter + ")")));
        return platform(transactions.transactional(claimed.flatMap(
                        won -> audit.record(slug, actor, "tenant.provisioning-retried", target(slug), Map.of()))))
                .then(registry.spec(slug))
                .map(this::read)
                .flatMap(spec -> stepStates.plan(slug, steps).then(run(spec, actor)))
                .then(view(slug));
    }

    public Mono<TenantView> suspend(TenantId slug, String reason, String actor) {
        return change(
                slug,
                EnumSet.of(TenantStatus.ACTIVE),
                TenantStatus.SUSPENDED,
                requireReason(reason),
                actor,
                "tenant.suspended");
    }

    public Mono<TenantView> reactivate(TenantId slug, String actor) {
        return change(slug, EnumSet.of(TenantStatus.SUSPENDED), TenantStatus.ACTIVE, null, actor, "tenant.reactivated");
    }

    /**
     * Soft deletion: the tenant becomes {@code DEACTIVATED} (no logins, no calls) and nothing is removed — its rows,
     * Pulsar namespaces and recordings (which stay under their retention) remain.
     */
    public Mono<TenantView> deactivate(TenantId slug, String reason, String actor) {
        return change(
                slug,
                EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED, TenantStatus.PROVISIONING_FAILED),
                TenantStatus.DEACTIVATED,
                requireReason(reason),
                actor,
                "tenant.deactivated");
    }

    public Mono<TenantView> view(TenantId slug) {
        return registry.find(slug)
                .switchIfEmpty(Mono.error(() -> notFound(slug)))
                .flatMap(tenant -> Mono.zip(registry.workstations(slug).collectList(), stepStates.states(slug))
                        .map(parts -> TenantView.of(tenant, parts.getT1(), parts.getT2())));
    }

    public Flux<Tenant> list() {
        return registry.list();
    }

    private Mono<TenantView> change(
            TenantId slug,
            Set<TenantStatus> from,
            TenantStatus to,
            @org.jspecify.annotations.Nullable String reason,
            String actor,
            String action) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", to.name());
        if (reason != null) {
            detail.put("reason", reason);
        }
        return platform(transactions.transactional(registry.transition(slug, from, to, reason)
                        .switchIfEmpty(Mono.defer(() -> refuse(slug, action, from.toString())))
                        .flatMap(tenant -> audit.record(slug, actor, action, target(slug), detail))
                        .then(to == TenantStatus.DEACTIVATED ? eraseSecrets(slug) : Mono.empty())))
                .then(to == TenantStatus.ACTIVE ? quotas.unblock(slug) : quotas.block(slug))
                .then(view(slug));
    }

    /** A tenant deactivated before it was ever active must not keep its admin's initial password either. */
    private Mono<Void> eraseSecrets(TenantId slug) {
        return registry.spec(slug)
                .flatMap(stored -> registry.replaceSpec(slug, write(read(stored).withoutSecrets())));
    }

    private Mono<Void> run(TenantSpec spec, String actor) {
        TenantId slug = spec.slug();
        return stepStates.states(slug).flatMap(states -> {
            Set<String> done = new java.util.HashSet<>();
            states.stream()
                    .filter(s -> s.status() == StepState.Status.SUCCEEDED)
                    .forEach(s -> done.add(s.step()));
            return Flux.fromIterable(steps)
                    .filter(step -> !done.contains(step.name()))
                    .concatMap(step -> runStep(slug, step, spec))
                    .then(Mono.defer(() -> finish(spec, actor)))
                    .onErrorResume(StepFailed.class, failed -> fail(slug, failed, actor));
        });
    }

    private Mono<Void> runStep(TenantId slug, ProvisioningStep step, TenantSpec spec) {
        return stepStates
                .running(slug, step.name())
                .then(Mono.defer(() -> step.apply(spec)))
                .then(stepStates.succeeded(slug, step.name()))
                .onErrorResume(error -> !(error instanceof StepFailed), error -> {
                    String message = describe(error);
                    log.warn("provisioning step {} of tenant {} failed: {}", step.name(), slug, message, error);
                    return stepStates
                            .failed(slug, step.name(), message)
                            .then(Mono.error(new StepFailed(step.name(), message)));
                });
    }

    private Mono<Void> finish(TenantSpec spec, String actor) {
        TenantId slug = spec.slug();
        return platform(transactions.transactional(registry.transition(
                                slug, EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, null)
                        .switchIfEmpty(Mono.defer(() -> refuse(slug, "activate", "PROVISIONING")))
                        .then(registry.replaceSpec(slug, write(spec.withoutSecrets())))
                        .then(audit.record(
                                slug, actor, "tenant.provisioned", target(slug), Map.of("steps", stepNames())))))
                .then();
    }

    private Mono<Void> fail(TenantId slug, StepFailed failed, String actor) {
        String reason = "step " + failed.step + " failed: " + failed.getMessage();
        return platform(transactions.transactional(registry.transition(
                                slug, EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.PROVISIONING_FAILED, reason)
                        .then(audit.record(
                                slug,
                                actor,
                                "tenant.provisioning-failed",
                                target(slug),
                                Map.of("step", failed.step, "reason", String.valueOf(failed.getMessage()))))))
                .then();
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private <T> Mono<T> refuse(TenantId slug, String action, String allowed) {
        return registry.find(slug)
                .switchIfEmpty(Mono.error(() -> notFound(slug)))
                .flatMap(tenant -> Mono.error(new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION,
                        "Tenant " + slug + " is " + tenant.status() + "; " + action + " needs it to be " + allowed
                                + ".",
                        Map.of("tenant", slug.value(), "status", tenant.status().name()))));
    }

    static ProblemException notFound(TenantId slug) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No tenant '" + slug + "'.");
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "Give a reason (1-1000 characters).");
        }
        return reason.strip();
    }

    private static String target(TenantId slug) {
        return "tenant:" + slug.value();
    }

    private static Map<String, Object> summary(TenantSpec spec) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", spec.name());
        detail.put("kind", spec.kind().name());
        detail.put("hotlineNumbers", spec.hotlineNumbers());
        detail.put("workstations", spec.workstations().size());
        detail.put("admin", spec.admin().username());
        detail.put("quotas", spec.quotas());
        return detail;
    }

    private String write(TenantSpec spec) {
        return json.writeValueAsString(TenantDocument.of(spec));
    }

    private TenantSpec read(String stored) {
        return json.readValue(stored, TenantDocument.class).toSpec();
    }

    private static <T> Mono<T> platform(Mono<T> work) {
        return Tenancy.runAs(TenantContext.platform("tenant provisioning"), work);
    }

    /** A step failed; carries the step's name to the handler that records the tenant's failure. */
    private static final class StepFailed extends RuntimeException {
        private final String step;

        StepFailed(String step, String message) {
            super(message, null, false, false);
            this.step = step;
        }
    }
}
