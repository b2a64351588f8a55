package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.admission.PhoneNumber;
import cn.hotline.call.outbound.OutboundCallLog;
import cn.hotline.call.outbound.OutboundEvents;
import cn.hotline.call.sip.OutboundCall;
import cn.hotline.call.sip.OutboundCalls;
import cn.hotline.call.sip.OutboundOutcome;
import cn.hotline.call.sip.OutboundProperties;
import cn.hotline.call.sip.OutboundRequest;
import cn.hotline.call.sip.OutboundResult;
import cn.hotline.call.sip.TrunkProfile;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Mono;

/**
 * Blind transfer of a connected caller out of the centre: to an outside or mobile number, or to another city's 12345
 * (a city code or name mapped to its access number in {@code cc.call.outbound.city12345}). The B2BUA places an
 * outbound call ({@link OutboundCalls}) with the tenant's caller id; the media server re-points the caller's trunk leg
 * at the new outside leg ({@code MediaServer.offerTrunk}), completes it with the far end's answer and bridges the two;
 * the agent then leaves the call (after-call work) while the recording goes on. If the far end does not answer, is
 * busy, refuses or cannot be reached, the caller hears music and stays with the agent (still talking in the ACD),
 * whose browser rejoins the call with a fresh offer. Each attempt is an {@code outbound_call} record.
 */
public final class ExternalTransfer {

    private static final Logger log = LoggerFactory.getLogger(ExternalTransfer.class);

    /** Where to: an outside number, or another city's 12345. */
    public enum Kind {
        NUMBER,
        CITY12345
    }

    /** The target as the agent named it. */
    public record Target(Kind kind, String value) {
        public Target {
            if (kind == null || value == null || value.isBlank() || value.length() > 64) {
                throw new IllegalArgumentException("a transfer target needs a kind and a value of 1-64 characters");
            }
        }

        public String wireKind() {
            return kind == Kind.NUMBER ? "number" : "city12345";
        }
    }

    /** What a transfer came to. */
    public sealed interface Result {
        CallId call();

        Target to();
    }

    /** The caller talks to the far end; the agent is in after-call work ({@code next}: a call offered to it meanwhile). */
    public record Transferred(CallId call, Target to, String number, UUID record, CallRouting.@Nullable Offered next)
            implements Result {}

    /** The far end did not take the call; the caller is still the agent's. */
    public record Failed(CallId call, Target to, OutboundOutcome outcome, int sipStatus, String detail)
            implements Result {}

    private final CallSessions calls;
    private final ObjectProvider<MediaServer> media;
    private final ObjectProvider<OutboundCalls> outbound;
    private final OutboundProperties properties;
    private final AcdManagement acd;
    private final OutboundCallLog records;
    private final OutboundEvents events;
    private final Clock clock;

    public ExternalTransfer(
            CallSessions calls,
            ObjectProvider<MediaServer> media,
            ObjectProvider<OutboundCalls> outbound,
            OutboundProperties properties,
            AcdManagement acd,
            OutboundCallLog records,
            OutboundEvents events,
            Clock clock) {
        this.calls = calls;
        this.media = media;
        this.outbound = outbound;
        this.properties = properties;
        this.acd = acd;
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    /** The canonical number a target stands for; {@code VALIDATION_FAILED} when it is not one we may call. */
    public String number(Target to, @Nullable TrunkProfile trunk) {
        String areaCode = trunk == null ? null : trunk.areaCode();
        String raw =
                switch (to.kind()) {
                    case NUMBER -> to.value();
                    case CITY12345 -> {
                        String access = properties.city12345Map().get(to.value());
                        if (access == null) {
                            access = properties.city12345Map().get(to.value().toLowerCase(Locale.ROOT));
                        }
                        if (access == null) {
                            throw new ProblemException(
                                    ProblemCode.VALIDATION_FAILED,
                                    "No 12345 access number is known for city '" + to.value() + "'; known: "
                                            + properties.city12345Map().keySet() + ".");
                        }
                        yield access;
                    }
                };
        String number;
        try {
            number = PhoneNumber.parse(raw, areaCode).value();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'" + to.value() + "' is not a phone number.");
        }
        if (number.startsWith("+")) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "Calls abroad are not allowed: " + to.value() + ".");
        }
        return number;
    }

    /**
     * The tenant's fixed caller id: {@code cc.call.outbound.caller-ids.<tenant>}, else the number the caller dialled
     * (a number the tenant owns); none → {@code VALIDATION_FAILED}.
     */
    public String callerId(TenantId tenant, @Nullable String dialled) {
        String configured = properties.callerIdMap().get(tenant.value());
        if (configured != null) {
            return PhoneNumber.parse(configured, null).value();
        }
        if (dialled != null) {
            return dialled;
        }
        throw new ProblemException(
                ProblemCode.VALIDATION_FAILED,
                "Tenant " + tenant + " has no caller id for outbound calls (cc.call.outbound.caller-ids).");
    }

    /**
     * Transfers the caller of {@code call}, connected to {@code agent}, to {@code to}. Emits when the far end has
     * answered and the caller is bridged to it ({@link Transferred}), or when the attempt failed ({@link Failed}).
     * Refused without any change: a bad target {@code VALIDATION_FAILED}, a call not connected to the agent
     * {@code ILLEGAL_TRANSITION}, not live on this instance {@code NOT_FOUND}, no outbound trunk or media server
     * {@code DEPENDENCY_DOWN}.
     */
    public Mono<Result> transfer(TenantId tenant, AgentId agent, CallId call, Target to) {
        return Mono.defer(() -> {
            OutboundCalls uac = outbound.getIfAvailable();
            MediaServer server = media.getIfAvailable();
            if (uac == null || !uac.available() || server == null) {
                return Mono.error(new ProblemException(
                        ProblemCode.DEPENDENCY_DOWN,
                        "Outbound calls are not available (no outbound trunk or media server configured)."));
            }
            String number = number(to, uac.trunk());
            return acd.agent(tenant, agent)
                    .flatMap(snapshot -> switch (snapshot.state()) {
                        case AgentState.Talking talking when talking.call().equals(call) -> Mono.<Void>empty();
                        case AgentState.OnHold held when held.call().equals(call) -> Mono.<Void>empty();
                        default ->
                            Mono.<Void>error(new ProblemException(
                                    ProblemCode.ILLEGAL_TRANSITION,
                                    "Call " + call + " is not connected to agent " + agent + " ("
                                            + snapshot.state().code() + ")."));
                    })
                    .then(calls.transferable(tenant, agent, call))
                    .switchIfEmpty(Mono.error(() -> new ProblemException(
                            ProblemCode.NOT_FOUND, "Call " + call + " is not live on this instance.")))
                    .flatMap(live -> attempt(tenant, agent, to, number, live, uac, server));
        });
    }

    private Mono<Result> attempt(
            TenantId tenant,
            AgentId agent,
            Target to,
            String number,
            CallSessions.Transferable live,
            OutboundCalls uac,
            MediaServer server) {
        CallId call = live.call().call();
        String callerId = callerId(tenant, live.call().called());
        UUID record = Uuids.v7();
        OutboundCallLog.Kind kind = to.kind() == Kind.NUMBER
                ? OutboundCallLog.Kind.TRANSFER_NUMBER
                : OutboundCallLog.Kind.TRANSFER_CITY12345;
        Codec codec = Codec.valueOf(live.codec());
        return records.started(
                        tenant,
                        new OutboundCallLog.Started(
                                record, kind, call, null, agent.value(), to.value(), number, callerId, clock.instant()))
                .then(server.offerTrunk(tenant, call, List.of(codec)))
                .flatMap(outside -> uac.dial(new OutboundRequest(tenant, number, callerId, outside.sdp()))
                        .takeUntilOther(calls.released(call).then(Mono.just(Boolean.TRUE)))
                        .defaultIfEmpty(new OutboundResult.Failed(OutboundOutcome.CANCELLED, 0, "the caller hung up"))
                        .flatMap(result -> switch (result) {
                            case OutboundResult.Answered answered ->
                                bridge(tenant, agent, to, number, record, live, outside, answered, server);
                            case OutboundResult.Failed failed -> failed(tenant, to, record, live, failed);
                        }))
                .onErrorResume(error -> !(error instanceof ProblemException), error -> {
                    log.warn("Transfer of call {} to {} failed: {}", call, to, error.toString());
                    return failed(
                                    tenant,
                                    to,
                                    record,
                                    live,
                                    new OutboundResult.Failed(
                                            OutboundOutcome.UNREACHABLE, 0, "media: " + error.getMessage()))
                            .then(Mono.error(new ProblemException(
                                    ProblemCode.DEPENDENCY_DOWN,
                                    "The media server could not transfer the call; the caller is still" + " yours.")));
                });
    }

    private Mono<Result> bridge(
            TenantId tenant,
            AgentId agent,
            Target to,
            String number,
            UUID record,
            CallSessions.Transferable live,
            TrunkLeg outside,
            OutboundResult.Answered answered,
            MediaServer server) {
        CallId call = live.call().call();
        OutboundCall far = answered.call();
        Mono<Void> recording = live.agentAudio()
                ? Mono.empty()
                : server.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT)
                        .then()
                        .onErrorResume(error -> {
                            log.warn("Transferred call {} not recorded: {}", call, error.toString());
                            return Mono.empty();
                        });
        return server.stopPlaying(live.trunk())
                .onErrorResume(error -> Mono.empty())
                .then(server.completeTrunk(outside.leg(), answered.sdpAnswer()))
                .then(server.bridge(live.trunk(), outside.leg()))
                .then(recording)
                .then(Mono.defer(() -> {
                    if (!calls.handedOver(call, agent, outside.leg(), far::hangUp)) {
                        return far.hangUp()
                                .then(Mono.error(new ProblemException(
                                        ProblemCode.ILLEGAL_TRANSITION,
                                        "Call " + call + " ended during the transfer.")));
                    }
                    // the far end's BYE ends the caller's call too; either way the record gets its end
                    far.ended()
                            .flatMap(by -> records.ended(tenant, record, by.name(), clock.instant())
                                    .onErrorResume(error -> Mono.empty())
                                    .then(
                                            by == OutboundCall.EndedBy.FAR_END
                                                    ? calls.hangUp(call, "transfer target hung up")
                                                    : Mono.empty()))
                            .subscribe(
                                    ignored -> {},
                                    error -> log.warn("End of transferred call {}: {}", call, error.toString()));
                    return records.outcome(
                                    tenant,
                                    record,
                                    OutboundOutcome.ANSWERED.name(),
                                    200,
                                    far.sipCallId(),
                                    null,
                                    clock.instant())
                            // published beside the reply: a slow or unprovisioned topic must not hold up the agent
                            .then(Mono.fromRunnable(() -> events.publish(
                                            tenant,
                                            record,
                                            new CallEvent.CallTransferred(
                                                    0,
                                                    call,
                                                    agent.value(),
                                                    to.wireKind(),
                                                    to.value(),
                                                    number,
                                                    clock.instant()))
                                    .subscribe()))
                            .then(acd.hangUp(tenant, call))
                            .map(next -> (Result) new Transferred(call, to, number, record, next))
                            .defaultIfEmpty(new Transferred(call, to, number, record, null));
                }))
                .onErrorResume(error -> !(error instanceof ProblemException), error -> far.hangUp()
                        .then(Mono.error(error)));
    }

    private Mono<Result> failed(
            TenantId tenant, Target to, UUID record, CallSessions.Transferable live, OutboundResult.Failed failed) {
        CallId call = live.call().call();
        log.info("Transfer of call {} to {} failed: {} ({})", call, to, failed.outcome(), failed.reason());
        return records.outcome(
                        tenant,
                        record,
                        failed.outcome().name(),
                        failed.status(),
                        null,
                        failed.reason(),
                        clock.instant())
                .onErrorResume(error -> {
                    log.warn("Outbound record {} not updated: {}", record, error.toString());
                    return Mono.empty();
                })
                .then(calls.musicForCaller(call).onErrorResume(error -> Mono.empty()))
                .thenReturn(new Failed(call, to, failed.outcome(), failed.status(), failed.reason()));
    }
}
