package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.IllegalAgentTransition;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ACD's use cases for the rest of call-cloud (SIP side, agent sockets, call control). Each runs on the tenant's
 * single writer: this instance's if it holds the tenant's lease (taken on first use), otherwise the call fails with
 * {@code SERVICE_UNAVAILABLE} and must go to the owning instance. Illegal agent state changes fail with {@code
 * ILLEGAL_TRANSITION}.
 */
public final class AcdManagement {

    private final AcdLease leases;
    private final AcdStore store;
    private final Clock clock;
    private final AcdProperties properties;
    private final Map<TenantId, Mono<AcdWriter>> writers = new ConcurrentHashMap<>();

    public AcdManagement(
            ReactiveStringRedisTemplate redis,
            DatabaseClient db,
            TransactionalOperator tx,
            Clock clock,
            AcdProperties properties) {
        this.leases = new AcdLease(redis, properties.leaseTtl());
        this.store = new AcdStore(db, tx);
        this.clock = clock;
        this.properties = properties;
    }

    /** Adds an agent with its skills (logged out), or changes the skills of a logged-out agent. */
    public Mono<Void> enrol(TenantId tenant, AgentId agent, List<AgentSkill> skills) {
        return run(tenant, acd -> acd.enrol(agent, skills)).then();
    }

    public Mono<Void> signIn(TenantId tenant, AgentId agent) {
        return run(tenant, acd -> {
                    acd.signIn(agent);
                    return Boolean.TRUE;
                })
                .then();
    }

    /** The agent is ready; emits the call offered to it at once, if one was waiting. */
    public Mono<CallRouting.Offered> ready(TenantId tenant, AgentId agent) {
        return run(tenant, acd -> acd.ready(agent)).flatMap(Mono::justOrEmpty);
    }

    public Mono<Void> notReady(TenantId tenant, AgentId agent, String reason) {
        return run(tenant, acd -> {
                    acd.notReady(agent, reason);
                    return Boolean.TRUE;
                })
                .then();
    }

    public Mono<Void> signOut(TenantId tenant, AgentId agent) {
        return run(tenant, acd -> {
                    acd.signOut(agent);
                    return Boolean.TRUE;
                })
                .then();
    }

    /** A call for {@code group} arrived: offered to an agent, queued, or rejected. */
    public Mono<CallRouting> callArrived(TenantId tenant, CallId call, SkillId group, int priority) {
        return run(tenant, acd -> acd.arrive(call, group, priority));
    }

    public Mono<Void> answer(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, acd -> {
                    acd.answer(agent, call);
                    return Boolean.TRUE;
                })
                .then();
    }

    public Mono<Void> hold(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, acd -> {
                    acd.hold(agent, call);
                    return Boolean.TRUE;
                })
                .then();
    }

    public Mono<Void> retrieve(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, acd -> {
                    acd.retrieve(agent, call);
                    return Boolean.TRUE;
                })
                .then();
    }

    /** A connected call ended; emits the next call offered to the freed agent, if any (no wrap-up configured). */
    public Mono<CallRouting.Offered> hangUp(TenantId tenant, CallId call) {
        return run(tenant, acd -> acd.hangUp(call)).flatMap(Mono::justOrEmpty);
    }

    /** The caller left before being answered; emits the call then offered to the agent it rang at, if any. */
    public Mono<CallRouting.Offered> abandon(TenantId tenant, CallId call) {
        return run(tenant, acd -> acd.abandon(call)).flatMap(Mono::justOrEmpty);
    }

    /** The agent as the writer sees it now. */
    public Mono<Acd.AgentSnapshot> agent(TenantId tenant, AgentId agent) {
        return run(tenant, acd -> acd.agent(agent).map(Acd.AgentSnapshot::of))
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Agent " + agent + " is not enrolled in the ACD.")));
    }

    /** Every offer the tenant's writer on this instance makes, timers included, for delivery to agents. */
    public Flux<CallRouting.Offered> offers(TenantId tenant) {
        return writer(tenant).flatMapMany(AcdWriter::offers);
    }

    /** Gives up every lease this instance holds, so other instances take over at once. */
    public Mono<Void> stop() {
        return Flux.fromIterable(writers.values())
                .flatMap(writer -> writer.flatMap(AcdWriter::stop).onErrorResume(error -> Mono.empty()))
                .then(Mono.fromRunnable(writers::clear));
    }

    private <T> Mono<T> run(TenantId tenant, Function<Acd, T> command) {
        return writer(tenant).flatMap(writer -> writer.submit(command)).onErrorMap(AcdManagement::problem);
    }

    private Mono<AcdWriter> writer(TenantId tenant) {
        return writers.computeIfAbsent(tenant, this::startWriter).flatMap(writer -> {
            if (writer.isLive()) {
                return Mono.just(writer);
            }
            // Fail closed: a writer that lost its lease or its database stops; the next use elects a new one.
            writers.remove(tenant);
            return writers.computeIfAbsent(tenant, this::startWriter);
        });
    }

    private Mono<AcdWriter> startWriter(TenantId tenant) {
        return AcdWriter.start(tenant, properties.instanceId(), leases, store, clock, properties.settings())
                .map(writer -> writer.runLoops(properties.tick()))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.SERVICE_UNAVAILABLE,
                        "Another call-cloud instance runs the ACD of tenant " + tenant + "; send the request there.")))
                .doOnError(error -> writers.remove(tenant))
                .cache(
                        writer -> java.time.Duration.ofDays(3650),
                        error -> java.time.Duration.ZERO,
                        () -> java.time.Duration.ZERO);
    }

    private static Throwable problem(Throwable error) {
        return switch (error) {
            case IllegalAgentTransition e -> new ProblemException(ProblemCode.ILLEGAL_TRANSITION, e.getMessage());
            case AcdWriter.WriterLost e ->
                new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, e.getMessage() + "; retry the request.");
            case IllegalArgumentException e -> new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage());
            case IllegalStateException e -> new ProblemException(ProblemCode.CONFLICT, e.getMessage());
            default -> error;
        };
    }
}
