package cn.hotline.media.kurento;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.Digit;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaEvent;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MediaServerException.Reason;
import cn.hotline.media.port.MonitorLeg;
import cn.hotline.media.port.MonitorMode;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.RecordingHandle;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link MediaServer} on Kurento. kurento-client is blocking JSON-RPC: every call to it runs on the bounded elastic
 * scheduler. Per call: a {@link MediaPipeline}; the trunk is an {@link RtpEndpoint}, each agent a
 * {@link WebRtcEndpoint}; prompts and music are {@link PlayerEndpoint}s connected to the leg; recordings are one
 * {@link RecorderEndpoint} per party (caller, agent) whose files are merged into the stereo WAV after the call;
 * supervisors hear a {@link Composite} of caller and agent.
 *
 * <p>What Kurento cannot do: it reports no RFC 4733 digits from an RtpEndpoint ({@link #digits} fails with
 * {@code UNSUPPORTED}; production takes digits from SIP INFO or rtpengine in front of the trunk).
 */
public final class KurentoMediaServer implements MediaServer, AutoCloseable {

    private final KurentoClient kurento;
    private final Path recordingDir;
    private final Clock clock;
    private final Map<CallId, KurentoCall> calls = new ConcurrentHashMap<>();
    private final Sinks.Many<MediaEvent> events = Sinks.many().multicast().directBestEffort();

    public KurentoMediaServer(KurentoClient kurento, Path recordingDir, Clock clock) {
        this.kurento = kurento;
        this.recordingDir = recordingDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kurento";
    }

    @Override
    public Mono<TrunkLeg> answerTrunk(TenantId tenant, CallId call, String sdpOffer, List<Codec> codecs) {
        return blocking(() -> {
            KurentoCall media =
                    calls.computeIfAbsent(call, id -> new KurentoCall(tenant, kurento.createMediaPipeline()));
            RtpEndpoint trunk = new RtpEndpoint.Builder(media.pipeline).build();
            String answer = trunk.processOffer(sdpOffer);
            LegId leg = legId(call, "trunk");
            media.trunk = trunk;
            media.legs.put(leg, trunk);
            return new TrunkLeg(call, leg, answer, codecs.getFirst());
        });
    }

    @Override
    public Mono<TrunkLeg> offerTrunk(TenantId tenant, CallId call, List<Codec> codecs) {
        return blocking(() -> {
            KurentoCall media =
                    calls.computeIfAbsent(call, id -> new KurentoCall(tenant, kurento.createMediaPipeline()));
            RtpEndpoint outside = new RtpEndpoint.Builder(media.pipeline).build();
            LegId leg = legId(call, "outside-" + media.legs.size());
            media.legs.put(leg, outside);
            return new TrunkLeg(call, leg, outside.generateOffer(), codecs.getFirst());
        });
    }

    @Override
    public Mono<Void> completeTrunk(LegId leg, String sdpAnswer) {
        return blocking(() -> {
            ((RtpEndpoint) element(leg)).processAnswer(sdpAnswer);
            return null;
        });
    }

    @Override
    public Mono<AgentLeg> attachAgent(TenantId tenant, CallId call, String agent, String webRtcOffer) {
        return blocking(() -> {
            KurentoCall media = call(call);
            if (!media.tenant.equals(tenant)) {
                throw new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " belongs to another tenant");
            }
            WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(media.pipeline).build();
            String answer = endpoint.processOffer(webRtcOffer);
            endpoint.gatherCandidates();
            LegId leg = legId(call, "agent-" + agent);
            media.legs.put(leg, endpoint);
            return new AgentLeg(call, leg, agent, answer);
        });
    }

    @Override
    public Mono<Void> bridge(LegId a, LegId b) {
        return blocking(() -> {
            MediaElement first = element(a);
            MediaElement second = element(b);
            first.connect(second, MediaType.AUDIO);
            second.connect(first, MediaType.AUDIO);
            return null;
        });
    }

    @Override
    public Mono<Void> play(LegId leg, Prompt prompt) {
        return blocking(() -> {
            KurentoCall media = call(callOf(leg));
            MediaElement target = element(leg);
            stopPlayer(media, leg);
            List<URI> files =
                    switch (prompt) {
                        case Prompt.File file -> List.of(file.location());
                        case Prompt.Sequence sequence ->
                            sequence.files().stream().map(Prompt.File::location).toList();
                        case Prompt.Music music -> List.of(music.location());
                    };
            startPlayer(media, leg, target, files, 0, prompt instanceof Prompt.Music);
            return null;
        });
    }

    private void startPlayer(
            KurentoCall media, LegId leg, MediaElement target, List<URI> files, int index, boolean loop) {
        PlayerEndpoint player =
                new PlayerEndpoint.Builder(media.pipeline, files.get(index).toString()).build();
        player.connect(target, MediaType.AUDIO);
        player.addEndOfStreamListener(event -> {
            player.release();
            if (index + 1 < files.size()) {
                startPlayer(media, leg, target, files, index + 1, loop);
            } else if (loop) {
                startPlayer(media, leg, target, files, 0, true);
            } else {
                media.players.remove(leg);
                events.tryEmitNext(new MediaEvent.PlaybackFinished(callOf(leg), leg, clock.instant()));
            }
        });
        media.players.put(leg, player);
        player.play();
    }

    private static void stopPlayer(KurentoCall media, LegId leg) {
        PlayerEndpoint player = media.players.remove(leg);
        if (player != null) {
            player.stop();
            player.release();
        }
    }

    @Override
    public Mono<Void> stopPlaying(LegId leg) {
        return blocking(() -> {
            stopPlayer(call(callOf(leg)), leg);
            return null;
        });
    }

    @Override
    public Flux<Digit> digits(LegId leg) {
        return Flux.error(
                new MediaServerException(Reason.UNSUPPORTED, "Kurento reports no RFC 4733 digits from an RtpEndpoint"));
    }

    /** The held leg stops hearing and being heard by the others and hears the music. */
    @Override
    public Mono<Void> hold(LegId leg, Prompt musicOnHold) {
        return blocking(() -> {
                    KurentoCall media = call(callOf(leg));
                    MediaElement held = element(leg);
                    for (Map.Entry<LegId, MediaElement> other : media.legs.entrySet()) {
                        if (!other.getKey().equals(leg)) {
                            held.disconnect(other.getValue());
                            other.getValue().disconnect(held);
                        }
                    }
                    media.held.add(leg);
                    return null;
                })
                .then(play(leg, musicOnHold));
    }

    @Override
    public Mono<Void> retrieve(LegId leg) {
        return stopPlaying(leg).then(blocking(() -> {
            KurentoCall media = call(callOf(leg));
            MediaElement held = element(leg);
            for (Map.Entry<LegId, MediaElement> other : media.legs.entrySet()) {
                if (!other.getKey().equals(leg) && !media.held.contains(other.getKey())) {
                    held.connect(other.getValue(), MediaType.AUDIO);
                    other.getValue().connect(held, MediaType.AUDIO);
                }
            }
            media.held.remove(leg);
            return null;
        }));
    }

    /** One RecorderEndpoint per party; the per-party files are merged into stereo WAV after the call. */
    @Override
    public Mono<RecordingHandle> record(CallId call, RecordingLayout layout) {
        return blocking(() -> {
            KurentoCall media = call(call);
            for (Map.Entry<LegId, MediaElement> leg : media.legs.entrySet()) {
                String file = recordingDir
                        .resolve(call + "-" + leg.getKey().value().replace('~', '-') + ".webm")
                        .toUri()
                        .toString();
                RecorderEndpoint recorder = new RecorderEndpoint.Builder(media.pipeline, file)
                        .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY)
                        .build();
                leg.getValue().connect(recorder, MediaType.AUDIO);
                recorder.record();
                media.recorders.add(recorder);
            }
            return new RecordingHandle(call, call.toString(), layout, clock.instant());
        });
    }

    /**
     * In Kurento a sink has one source per media type (connecting another replaces it), so every ear that hears more
     * than one party gets its own {@link Composite}: LISTEN — a Composite of caller and agent into the supervisor;
     * WHISPER — also a Composite of caller and supervisor into the agent (the caller still hears the agent directly);
     * BARGE — one Composite where caller, agent and supervisor each send into and hear from their own HubPort (a
     * HubPort's output is the mix of the other ports).
     */
    @Override
    public Mono<Void> monitor(CallId call, LegId supervisorLeg, MonitorMode mode) {
        return blocking(() -> {
            KurentoCall media = call(call);
            MediaElement supervisor = element(supervisorLeg);
            RtpEndpoint caller = media.trunk;
            MediaElement agent = media.legs.entrySet().stream()
                    .filter(leg -> leg.getKey().value().contains("~agent-")
                            && !leg.getKey().equals(supervisorLeg))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (caller == null || agent == null) {
                throw new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no caller and agent");
            }
            if (mode == MonitorMode.BARGE) {
                mixEveryone(media, List.of(caller, agent, supervisor));
                return null;
            }
            mixInto(media, List.of(caller, agent), supervisor);
            if (mode == MonitorMode.WHISPER) {
                mixInto(media, List.of(caller, supervisor), agent);
            }
            return null;
        });
    }

    /**
     * A supervisor's WebRTC leg that Kurento offers (the browser answers through {@link #completeMonitor}). The
     * supervisor always hears its own Composite of caller and agent; WHISPER also builds the agent's ear (a Composite
     * of the caller and the supervisor replaces the caller's direct connection into the agent); BARGE also the
     * caller's ear (agent and supervisor into the caller). See {@link SupervisorEars}.
     */
    @Override
    public Flux<MonitorLeg> offerMonitor(TenantId tenant, CallId call, String supervisor, MonitorMode mode) {
        return blocking(() -> {
                    KurentoCall media = call(call);
                    if (!media.tenant.equals(tenant)) {
                        throw new MediaServerException(
                                Reason.UNKNOWN_LEG, "call " + call + " belongs to another tenant");
                    }
                    RtpEndpoint caller = media.trunk;
                    MediaElement agent = agentOf(media, null);
                    if (caller == null || agent == null) {
                        throw new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no caller and agent");
                    }
                    synchronized (media.ears) {
                        if (media.ears.supervisors.containsKey(supervisor)) {
                            throw new MediaServerException(
                                    Reason.UNSUPPORTED,
                                    supervisor + " already monitors call " + call + ": change its mode");
                        }
                        WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(media.pipeline).build();
                        SupervisorEars.Supervisor joined =
                                new SupervisorEars.Supervisor(legId(call, "supervisor-" + supervisor), endpoint, mode);
                        mixInto(media, List.of(caller, agent), endpoint);
                        hear(media, caller, agent, joined, mode);
                        media.ears.supervisors.put(supervisor, joined);
                        return new MonitorLeg(call, joined.leg, supervisor, mode, endpoint.generateOffer());
                    }
                })
                .flux();
    }

    /** The supervisor's browser answers Kurento's offer; the endpoint then gathers its ICE candidates. */
    @Override
    public Mono<Void> completeMonitor(LegId leg, String sdpAnswer) {
        return blocking(() -> {
            KurentoCall media = call(callOf(leg));
            WebRtcEndpoint endpoint;
            synchronized (media.ears) {
                SupervisorEars.Supervisor supervisor = media.ears.byLeg(leg);
                if (supervisor == null) {
                    throw new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not a monitoring leg");
                }
                endpoint = supervisor.endpoint;
            }
            endpoint.processAnswer(sdpAnswer);
            endpoint.gatherCandidates();
            return null;
        });
    }

    /** LISTEN releases the supervisor's ports into the ears, WHISPER adds it to the agent's ear, BARGE to both. */
    @Override
    public Mono<Void> changeMonitor(CallId call, String supervisor, MonitorMode mode) {
        return blocking(() -> {
            KurentoCall media = call(call);
            synchronized (media.ears) {
                SupervisorEars.Supervisor joined = media.ears.supervisors.get(supervisor);
                RtpEndpoint caller = media.trunk;
                MediaElement agent = agentOf(media, null);
                if (joined == null || caller == null || agent == null) {
                    throw new MediaServerException(
                            Reason.UNKNOWN_LEG,
                            supervisor + " does not monitor call " + call + " (offerMonitor first)");
                }
                hear(media, caller, agent, joined, mode);
                joined.mode = mode;
            }
            return null;
        });
    }

    /** Connects or releases the supervisor's input ports of the two ears so that the mode's parties hear it. */
    private static void hear(
            KurentoCall media,
            RtpEndpoint caller,
            MediaElement agent,
            SupervisorEars.Supervisor supervisor,
            MonitorMode mode) {
        SupervisorEars ears = media.ears;
        if (mode == MonitorMode.LISTEN) {
            supervisor.intoAgentEar = leaveEar(supervisor, supervisor.intoAgentEar);
        } else if (supervisor.intoAgentEar == null) {
            if (ears.agentEar == null) {
                ears.agentEar = ear(media, caller, agent);
            }
            supervisor.intoAgentEar = joinEar(supervisor, ears.agentEar);
        }
        if (mode != MonitorMode.BARGE) {
            supervisor.intoCallerEar = leaveEar(supervisor, supervisor.intoCallerEar);
        } else if (supervisor.intoCallerEar == null) {
            if (ears.callerEar == null) {
                ears.callerEar = ear(media, agent, caller);
            }
            supervisor.intoCallerEar = joinEar(supervisor, ears.callerEar);
        }
    }

    /**
     * The ear of {@code listener}: a Composite with {@code party} (whom it heard directly so far) as its first input;
     * its output replaces the direct connection (a Kurento sink has one source per media type).
     */
    private static SupervisorEars.Ear ear(KurentoCall media, MediaElement party, MediaElement listener) {
        Composite composite = new Composite.Builder(media.pipeline).build();
        HubPort out = new HubPort.Builder(composite).build();
        HubPort in = new HubPort.Builder(composite).build();
        party.connect(in, MediaType.AUDIO);
        party.disconnect(listener);
        out.connect(listener, MediaType.AUDIO);
        return new SupervisorEars.Ear(composite, out);
    }

    private static HubPort joinEar(SupervisorEars.Supervisor supervisor, SupervisorEars.Ear ear) {
        HubPort port = new HubPort.Builder(ear.composite()).build();
        supervisor.endpoint.connect(port, MediaType.AUDIO);
        return port;
    }

    private static @Nullable HubPort leaveEar(SupervisorEars.Supervisor supervisor, @Nullable HubPort port) {
        if (port != null) {
            supervisor.endpoint.disconnect(port);
            port.release();
        }
        return null;
    }

    /** The call's agent leg (the first attached), other than {@code except}. */
    private static @Nullable MediaElement agentOf(KurentoCall media, @Nullable LegId except) {
        return media.legs.entrySet().stream()
                .filter(leg -> leg.getKey().value().contains("~agent-")
                        && !leg.getKey().equals(except))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** A further browser leg (three-way), connected to nothing until {@link #conference}. */
    @Override
    public Mono<AgentLeg> attachParticipant(TenantId tenant, CallId call, String who, String webRtcOffer) {
        return blocking(() -> {
            KurentoCall media = call(call);
            if (!media.tenant.equals(tenant)) {
                throw new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " belongs to another tenant");
            }
            WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(media.pipeline).build();
            String answer = endpoint.processOffer(webRtcOffer);
            endpoint.gatherCandidates();
            LegId leg = legId(call, "party-" + who);
            media.legs.put(leg, endpoint);
            return new AgentLeg(call, leg, who, answer);
        });
    }

    /**
     * Three-way and consultation talk: the call's one conference Composite (created with the first two legs), each
     * member sends into and hears from its own HubPort; legs already in it stay. A held member's music player is
     * released when it joins (its port replaces the player as the leg's source).
     */
    @Override
    public Mono<Void> conference(CallId call, List<LegId> legs) {
        return blocking(() -> {
            KurentoCall media = call(call);
            for (LegId leg : legs) {
                if (!callOf(leg).equals(call)) {
                    throw new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not in " + call);
                }
                element(leg);
            }
            synchronized (media) {
                Composite composite = media.conference;
                if (composite == null) {
                    if (legs.size() < 2) {
                        throw new MediaServerException(Reason.UNSUPPORTED, "a conference needs two legs or more");
                    }
                    composite = new Composite.Builder(media.pipeline).build();
                    media.conference = composite;
                }
                for (LegId leg : legs) {
                    if (media.conferencePorts.containsKey(leg)) {
                        continue;
                    }
                    PlayerEndpoint music = media.players.remove(leg);
                    if (music != null) {
                        music.stop();
                        music.release();
                        media.held.remove(leg);
                    }
                    MediaElement party = element(leg);
                    HubPort port = new HubPort.Builder(composite).build();
                    party.connect(port, MediaType.AUDIO);
                    port.connect(party, MediaType.AUDIO);
                    media.conferencePorts.put(leg, port);
                }
            }
            return null;
        });
    }

    /**
     * A member leaves the conference: its HubPort is released (it neither hears nor is heard); a further browser leg
     * ({@link #attachParticipant}) is released too. The others keep their ports.
     */
    @Override
    public Mono<Void> leaveConference(CallId call, LegId leg) {
        return blocking(() -> {
            KurentoCall media = call(call);
            synchronized (media) {
                HubPort port = media.conferencePorts.remove(leg);
                if (port == null) {
                    throw new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not in the call's conference");
                }
                port.release();
                if (leg.value().contains("~party-")) {
                    MediaElement party = media.legs.remove(leg);
                    if (party != null) {
                        party.release();
                    }
                }
            }
            return null;
        });
    }

    /** One Composite whose output port feeds {@code listener} with the mix of {@code sources}. */
    private static void mixInto(KurentoCall media, List<MediaElement> sources, MediaElement listener) {
        Composite composite = new Composite.Builder(media.pipeline).build();
        HubPort out = new HubPort.Builder(composite).build();
        for (MediaElement source : sources) {
            HubPort in = new HubPort.Builder(composite).build();
            source.connect(in, MediaType.AUDIO);
        }
        out.connect(listener, MediaType.AUDIO);
    }

    /** One Composite where each party hears the mix of all the others through its own port. */
    private static void mixEveryone(KurentoCall media, List<MediaElement> parties) {
        Composite composite = new Composite.Builder(media.pipeline).build();
        for (MediaElement party : parties) {
            HubPort port = new HubPort.Builder(composite).build();
            party.connect(port, MediaType.AUDIO);
            port.connect(party, MediaType.AUDIO);
        }
    }

    @Override
    public Flux<FinishedRecording> release(CallId call) {
        return blocking(() -> {
                    KurentoCall media = calls.remove(call);
                    if (media == null) {
                        return List.<FinishedRecording>of();
                    }
                    media.recorders.forEach(RecorderEndpoint::stopAndWait);
                    media.pipeline.release();
                    return List.<FinishedRecording>of();
                })
                .flatMapMany(Flux::fromIterable);
    }

    @Override
    public Flux<MediaEvent> events() {
        return events.asFlux();
    }

    @Override
    public void close() {
        kurento.destroy();
        events.tryEmitComplete();
    }

    private KurentoCall call(CallId call) {
        KurentoCall media = calls.get(call);
        if (media == null) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " is not known");
        }
        return media;
    }

    private MediaElement element(LegId leg) {
        MediaElement element = call(callOf(leg)).legs.get(leg);
        if (element == null) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "leg " + leg + " is not known");
        }
        return element;
    }

    static LegId legId(CallId call, String party) {
        return new LegId(call + "~" + party);
    }

    private static CallId callOf(LegId leg) {
        int separator = leg.value().indexOf('~');
        try {
            return CallId.parse(separator < 0 ? leg.value() : leg.value().substring(0, separator));
        } catch (IllegalArgumentException e) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "not a Kurento leg: " + leg, e);
        }
    }

    private static <T> Mono<T> blocking(Callable<@Nullable T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        org.kurento.commons.exception.KurentoException.class,
                        error -> new MediaServerException(Reason.UNREACHABLE, "Kurento: " + error.getMessage(), error));
    }

    /** The Kurento objects of one call. */
    private static final class KurentoCall {
        final TenantId tenant;
        final MediaPipeline pipeline;
        final Map<LegId, MediaElement> legs = new java.util.LinkedHashMap<>();
        final Map<LegId, PlayerEndpoint> players = new ConcurrentHashMap<>();
        final List<RecorderEndpoint> recorders = new ArrayList<>();
        final java.util.Set<LegId> held = ConcurrentHashMap.newKeySet();
        final SupervisorEars ears = new SupervisorEars();

        /** The call's conference (three-way, consultation talk) and each member's port in it. */
        final Map<LegId, HubPort> conferencePorts = new ConcurrentHashMap<>();

        @Nullable
        Composite conference;

        @Nullable
        RtpEndpoint trunk;

        KurentoCall(TenantId tenant, MediaPipeline pipeline) {
            this.tenant = tenant;
            this.pipeline = pipeline;
        }
    }
}
