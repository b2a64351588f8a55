package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.admission.Admission;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.Digit;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.TrunkLeg;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live inbound calls of this instance. Opening one asks the media server for the trunk leg, records this
 * instance as the call's owner in Redis ({@code t:{tenant}:call:{id}:owner}, expiring) and hands the call to the ACD
 * in the group the {@link CallRouter} chooses. While calls live, their owner records and quota entries are renewed
 * every third of the TTL; a crashed instance's calls thus vanish from Redis after one TTL. The caller leaving (BYE,
 * CANCEL) ends the call in the ACD (abandoned if not yet answered), releases the media, the quota and the owner.
 */
public final class CallSessions {

    private static final Logger log = LoggerFactory.getLogger(CallSessions.class);

    private final ObjectProvider<MediaServer> media;
    private final AcdManagement acd;
    private final Admission admission;
    private final CallRouter router;
    private final ReactiveStringRedisTemplate redis;
    private final String instanceId;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Session> bySipCallId = new ConcurrentHashMap<>();
    private @Nullable Disposable heartbeat;

    private static final class Session {
        final LiveCall call;
        final TrunkLine line;
        final Sinks.Many<Digit> infoDigits = Sinks.many().multicast().directBestEffort();
        final AtomicBoolean ended = new AtomicBoolean();
        volatile @Nullable LegId leg;

        Session(LiveCall call, TrunkLine line) {
            this.call = call;
            this.line = line;
        }
    }

    public CallSessions(
            ObjectProvider<MediaServer> media,
            AcdManagement acd,
            Admission admission,
            CallRouter router,
            ReactiveStringRedisTemplate redis,
            String instanceId,
            Clock clock) {
        this.media = media;
        this.acd = acd;
        this.admission = admission;
        this.router = router;
        this.redis = redis;
        this.instanceId = instanceId;
        this.clock = clock;
        this.ttl = admission.callTtl();
    }

    /** Opens the session of an admitted call; a refusal leaves nothing behind (the quota is released too). */
    public Mono<SessionStart> open(LiveCall call, TrunkLine line) {
        Session session = new Session(call, line);
        if (bySipCallId.putIfAbsent(call.sipCallId(), session) != null) {
            return Mono.just(new SessionStart.Refused(SessionStart.Reason.ACD_UNAVAILABLE, "duplicate SIP Call-ID"));
        }
        MediaServer server = media.getIfAvailable();
        if (server == null) {
            return refuse(session, SessionStart.Reason.MEDIA_UNAVAILABLE, "no media server adapter configured");
        }
        return server.answerTrunk(call.tenant(), call.call(), call.sdpOffer(), call.codecs())
                .flatMap(leg -> {
                    session.leg = leg.leg();
                    return owner(call).then(handOver(session, leg));
                })
                .onErrorResume(error -> refuse(session, reasonOf(error), error.toString()));
    }

    private Mono<SessionStart> handOver(Session session, TrunkLeg leg) {
        LiveCall call = session.call;
        return router.route(call)
                .flatMap(route -> acd.callArrived(call.tenant(), call.call(), route.group(), route.priority()))
                .flatMap(routing -> routing instanceof CallRouting.Rejected rejected
                        ? refuse(
                                session,
                                SessionStart.Reason.QUEUE_FULL,
                                rejected.reason().name())
                        : Mono.just(new SessionStart.Started(leg.sdp(), routing)));
    }

    private static SessionStart.Reason reasonOf(Throwable error) {
        return error instanceof ProblemException
                ? SessionStart.Reason.ACD_UNAVAILABLE
                : SessionStart.Reason.MEDIA_UNAVAILABLE;
    }

    private Mono<SessionStart> refuse(Session session, SessionStart.Reason reason, String detail) {
        log.info("Call {} of {} refused: {} ({})", session.call.call(), session.call.tenant(), reason, detail);
        return release(session, false).thenReturn(new SessionStart.Refused(reason, detail));
    }

    /**
     * Early media for a call that will be refused: a trunk leg of its own, {@code earlyMedia} sends its SDP answer
     * (SIP 183), the prompt plays until the media server reports it finished (at most {@code limit}), then the leg is
     * released. Emits whether the caller heard it; without a media server, or when it fails, nothing was played and
     * the call is refused at once.
     */
    public Mono<Boolean> announce(
            TenantId tenant,
            String sdpOffer,
            java.util.List<cn.hotline.media.port.Codec> codecs,
            cn.hotline.media.port.Prompt prompt,
            Duration limit,
            java.util.function.Function<String, Mono<Void>> earlyMedia) {
        MediaServer server = media.getIfAvailable();
        if (server == null) {
            return Mono.just(false);
        }
        CallId call = CallId.random();
        Mono<Boolean> releaseQuietly =
                server.release(call).then().onErrorResume(error -> Mono.empty()).thenReturn(false);
        return server.answerTrunk(tenant, call, sdpOffer, codecs)
                .flatMap(leg -> earlyMedia
                        .apply(leg.sdp())
                        .then(Mono.zip(
                                server.events()
                                        .filter(event -> event
                                                        instanceof
                                                        cn.hotline.media.port.MediaEvent.PlaybackFinished finished
                                                && finished.leg().equals(leg.leg()))
                                        .next()
                                        .map(event -> Boolean.TRUE)
                                        .timeout(limit, Mono.just(Boolean.TRUE)),
                                server.play(leg.leg(), prompt).thenReturn(Boolean.TRUE)))
                        .then(server.release(call).then())
                        .thenReturn(true))
                .onErrorResume(error -> {
                    log.warn("Announcement for a refused call of {} failed: {}", tenant, error.toString());
                    return releaseQuietly;
                });
    }

    /** The caller hung up or cancelled; emits once the call is released everywhere. Unknown calls: nothing. */
    public Mono<Void> callerLeft(String sipCallId) {
        Session session = bySipCallId.get(sipCallId);
        return session == null ? Mono.empty() : release(session, true);
    }

    /** Ends the call from our side (agent hung up, call control): BYE to the caller and release. */
    public Mono<Void> hangUp(CallId call, String reason) {
        return Mono.justOrEmpty(find(call)).flatMap(session -> {
            session.line.hangUp(reason);
            return release(session, true);
        });
    }

    /** A key press sent as SIP INFO on the call's dialog. */
    public void infoDigit(String sipCallId, char key) {
        Session session = bySipCallId.get(sipCallId);
        LegId leg = session == null ? null : session.leg;
        if (session != null && leg != null && session.call.digitsBySipInfo()) {
            session.infoDigits.tryEmitNext(new Digit(leg, key, clock.instant()));
        }
    }

    /**
     * The caller's key presses as one stream, whichever way the trunk sends them: SIP INFO digits, or RFC 4733
     * telephone-events that the media server reports.
     */
    public Flux<Digit> digits(CallId call) {
        return Mono.justOrEmpty(find(call)).flatMapMany(session -> {
            LegId leg = session.leg;
            MediaServer server = media.getIfAvailable();
            if (session.call.digitsBySipInfo() || leg == null || server == null) {
                return session.infoDigits.asFlux();
            }
            return server.digits(leg);
        });
    }

    public Optional<LiveCall> live(CallId call) {
        return find(call).map(session -> session.call);
    }

    public Collection<LiveCall> all() {
        return bySipCallId.values().stream().map(session -> session.call).toList();
    }

    /** Starts renewing owner records and quota entries. */
    public void start() {
        Duration every = ttl.dividedBy(3);
        heartbeat = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(bySipCallId.values())
                        .filter(session -> !session.ended.get())
                        .flatMap(
                                session -> owner(session.call)
                                        .then(admission.renew(session.call.tenant(), session.call.call()))
                                        .onErrorResume(error -> {
                                            log.warn(
                                                    "Could not renew call {}: {}",
                                                    session.call.call(),
                                                    error.toString());
                                            return Mono.empty();
                                        }),
                                16)
                        .then())
                .subscribe();
    }

    /** Stops renewing; the calls' records expire by themselves. */
    public void stop() {
        Disposable running = heartbeat;
        if (running != null) {
            running.dispose();
        }
    }

    /** The instance that owns a live call, from Redis; empty when none does (ended, or its owner crashed). */
    public Mono<String> ownerOf(TenantId tenant, CallId call) {
        return redis.opsForValue().get(ownerKey(tenant, call));
    }

    private Optional<Session> find(CallId call) {
        return bySipCallId.values().stream()
                .filter(session -> session.call.call().equals(call))
                .findFirst();
    }

    private Mono<Void> owner(LiveCall call) {
        return redis.opsForValue()
                .set(ownerKey(call.tenant(), call.call()), instanceId, ttl)
                .then();
    }

    private Mono<Void> release(Session session, boolean inAcd) {
        if (!session.ended.compareAndSet(false, true)) {
            return Mono.empty();
        }
        LiveCall call = session.call;
        session.infoDigits.tryEmitComplete();
        MediaServer server = media.getIfAvailable();
        Mono<Void> acdPart = inAcd ? acd.callerLeft(call.tenant(), call.call()).then() : Mono.empty();
        Mono<Void> mediaPart = server == null || session.leg == null
                ? Mono.empty()
                : server.release(call.call()).then();
        return Flux.concatDelayError(
                        acdPart.onErrorResume(error -> logged("ACD", call, error)),
                        mediaPart.onErrorResume(error -> logged("media", call, error)),
                        admission
                                .release(call.tenant(), call.call())
                                .onErrorResume(error -> logged("quota", call, error)),
                        redis.delete(ownerKey(call.tenant(), call.call()))
                                .then()
                                .onErrorResume(error -> logged("owner", call, error)))
                .then()
                .doFinally(signal -> bySipCallId.remove(call.sipCallId(), session));
    }

    private static Mono<Void> logged(String part, LiveCall call, Throwable error) {
        log.warn("Releasing the {} of call {} failed: {}", part, call.call(), error.toString());
        return Mono.empty();
    }

    private static String ownerKey(TenantId tenant, CallId call) {
        return tenant.redisPrefix() + "call:" + call + ":owner";
    }
}
