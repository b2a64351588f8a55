package cn.hotline.media.rtpengine;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.BrowserDial;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link MediaServer} on rtpengine. One rtpengine call per contact-centre call (its call-id is the {@link CallId});
 * each party is a monologue whose tag is in its {@link LegId} ({@code <call>~<tag>}), so a leg names its call without
 * any lookup. A trunk leg is answered against a placeholder party that an agent leg later replaces by re-negotiation.
 *
 * <p>Playback end is not reported by rtpengine 10.5: it answers {@code play media} with the duration, and the adapter
 * raises {@link MediaEvent.PlaybackFinished} when that time is up (or plays the next file of a sequence).
 */
public final class RtpengineMediaServer implements MediaServer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtpengineMediaServer.class);
    private static final String SEPARATOR = "~";
    private static final String DTMF_KEYS = "0123456789*#ABCD";

    private final NgClient ng;
    private final RtpengineProperties properties;
    private final Clock clock;
    private final Map<CallId, CallMedia> calls = new ConcurrentHashMap<>();
    private final Sinks.Many<MediaEvent> events = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean serverUp = new AtomicBoolean(true);
    private final Disposable probe;

    private RtpengineMediaServer(NgClient ng, RtpengineProperties properties, Clock clock) {
        this.ng = ng;
        this.properties = properties;
        this.clock = clock;
        this.probe = Flux.interval(properties.probeInterval())
                .concatMap(tick -> ping())
                .subscribe(this::onProbe);
    }

    /** Opens the ng sockets and starts the health probe; {@link #close()} stops both. */
    public static RtpengineMediaServer connect(RtpengineProperties properties, Clock clock) {
        NgClient ng = NgClient.open(
                properties.ngUrl(), properties.ngTcpUrl(), properties.attemptTimeout(), properties.attempts());
        return new RtpengineMediaServer(ng, properties, clock);
    }

    @Override
    public String name() {
        return "rtpengine";
    }

    /** Whether rtpengine answered the last health probe. */
    public boolean isUp() {
        return serverUp.get();
    }

    @Override
    public Mono<TrunkLeg> answerTrunk(TenantId tenant, CallId call, String sdpOffer, List<Codec> codecs) {
        return Mono.defer(() -> {
            List<Codec> carrierCodecs =
                    codecs.stream().filter(codec -> codec != Codec.OPUS).toList();
            if (carrierCodecs.isEmpty()) {
                return Mono.error(new MediaServerException(
                        Reason.UNACCEPTABLE_SDP, "a trunk leg speaks G.711 (PCMA or PCMU), not " + codecs));
            }
            Codec codec = Sdp.choose(sdpOffer, carrierCodecs);
            CallMedia media = calls.computeIfAbsent(call, id -> new CallMedia(tenant, id));
            if (!media.tenant.equals(tenant)) {
                return Mono.error(
                        new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " belongs to another tenant"));
            }
            String trunkTag = newTag("trunk");
            String peerTag = newTag("peer");
            Map<String, Object> offer = message("offer", call);
            offer.put("from-tag", trunkTag);
            offer.put("sdp", sdpOffer);
            offer.put("replace", List.of("origin", "session-connection"));
            offer.put("ICE", "remove");
            offer.put("transport-protocol", "RTP/AVP");
            offer.put("codec", Map.of("strip", List.of("all"), "except", List.of(codec.name(), "telephone-event")));
            Map<String, Object> answer = message("answer", call);
            answer.put("from-tag", trunkTag);
            answer.put("to-tag", peerTag);
            answer.put("sdp", Sdp.placeholderAnswer(codec));
            answer.put("replace", List.of("origin", "session-connection"));
            return ng.command(offer).then(ng.command(answer)).map(reply -> {
                LegId leg = legId(call, trunkTag);
                media.legs.put(trunkTag, new LegState(LegKind.TRUNK, peerTag, sdpOffer, codec));
                media.callerPort = Sdp.audioPort(text(reply, "sdp"));
                return new TrunkLeg(call, leg, text(reply, "sdp"), codec);
            });
        });
    }

    /**
     * Transfer to an outside number: the caller's other party (placeholder or agent) is re-negotiated towards a new
     * plain-RTP party; the returned offer goes into the INVITE to the outside number, its answer into
     * {@link #completeTrunk}. The outside leg is silent both ways until {@link #bridge}. A call without a trunk leg
     * (a callback) is not supported yet.
     */
    @Override
    public Mono<TrunkLeg> offerTrunk(TenantId tenant, CallId call, List<Codec> codecs) {
        return Mono.defer(() -> {
            CallMedia media = calls.get(call);
            if (media == null || !media.tenant.equals(tenant)) {
                return unsupported("place an outbound call without a caller's trunk leg (callback)");
            }
            Map.Entry<String, LegState> trunk = media.trunk();
            String trunkTag = trunk.getKey();
            LegState trunkState = trunk.getValue();
            if (!codecs.contains(trunkState.codec)) {
                return Mono.error(new MediaServerException(
                        Reason.UNACCEPTABLE_SDP,
                        "the caller speaks " + trunkState.codec + ", the outside leg is asked for " + codecs));
            }
            String outsideTag = trunkState.peerTag;
            Map<String, Object> offer = message("offer", call);
            offer.put("from-tag", trunkTag);
            offer.put("to-tag", outsideTag);
            offer.put("sdp", trunkState.sdp);
            offer.put("replace", List.of("origin", "session-connection"));
            offer.put("ICE", "remove");
            offer.put("transport-protocol", "RTP/AVP");
            offer.put(
                    "codec",
                    Map.of("strip", List.of("all"), "except", List.of(trunkState.codec.name(), "telephone-event")));
            return ng.command(offer).flatMap(reply -> {
                media.legs.put(outsideTag, new LegState(LegKind.OUTSIDE, trunkTag, "", trunkState.codec));
                TrunkLeg leg = new TrunkLeg(call, legId(call, outsideTag), text(reply, "sdp"), trunkState.codec);
                return Mono.just(leg);
            });
        });
    }

    @Override
    public Mono<Void> completeTrunk(LegId leg, String sdpAnswer) {
        return Mono.defer(() -> {
            Party party = party(leg);
            if (party.state.kind != LegKind.OUTSIDE) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not an outbound trunk leg"));
            }
            Map<String, Object> answer = message("answer", party.call);
            answer.put("from-tag", party.state.peerTag);
            answer.put("to-tag", party.tag);
            answer.put("sdp", sdpAnswer);
            answer.put("replace", List.of("origin", "session-connection"));
            LegState peer = party.media.legs.get(party.state.peerTag);
            if (peer != null && peer.kind == LegKind.AGENT) {
                // a browser dial: the answer's output goes to the browser, which keeps speaking WebRTC
                webRtcAnswerFlags(answer);
            }
            return ng.command(answer)
                    .then(blockMedia(party.call, party.tag, true))
                    .then(blockMedia(party.call, party.state.peerTag, true));
        });
    }

    /**
     * A callback from the agent's browser: the browser's offer goes towards a new outside party as plain RTP (the
     * returned outside offer is the INVITE's), and a placeholder answer from that party gives the browser its answer
     * at once; the far end's real answer replaces the placeholder in {@link #completeTrunk}. The far end counts as the
     * caller in the recording (left channel).
     */
    @Override
    public Mono<BrowserDial> dialFromBrowser(
            TenantId tenant, CallId call, String agent, String webRtcOffer, List<Codec> codecs) {
        return Mono.defer(() -> {
            List<Codec> carrierCodecs =
                    codecs.stream().filter(codec -> codec != Codec.OPUS).toList();
            if (carrierCodecs.isEmpty()) {
                return Mono.error(new MediaServerException(
                        Reason.UNACCEPTABLE_SDP, "an outside leg speaks G.711 (PCMA or PCMU), not " + codecs));
            }
            Codec codec = carrierCodecs.getFirst();
            CallMedia media = new CallMedia(tenant, call);
            if (calls.putIfAbsent(call, media) != null) {
                return Mono.error(new MediaServerException(Reason.UNSUPPORTED, "call " + call + " exists already"));
            }
            String agentTag = newTag("agent");
            String outsideTag = newTag("outside");
            Map<String, Object> offer = message("offer", call);
            offer.put("from-tag", agentTag);
            offer.put("sdp", Sdp.withoutDuplicateCandidatePriorities(webRtcOffer));
            offer.put("replace", List.of("origin", "session-connection"));
            offer.put("ICE", "remove");
            offer.put("ICE-lite", "backward");
            offer.put("DTLS", "off");
            offer.put("SDES", List.of("off"));
            offer.put("rtcp-mux", List.of("demux"));
            offer.put("transport-protocol", "RTP/AVP");
            offer.put("codec", Map.of("strip", List.of("all"), "except", List.of(codec.name(), "telephone-event")));
            Map<String, Object> answer = message("answer", call);
            answer.put("from-tag", agentTag);
            answer.put("to-tag", outsideTag);
            answer.put("sdp", Sdp.placeholderAnswer(codec));
            answer.put("replace", List.of("origin", "session-connection"));
            webRtcAnswerFlags(answer);
            return ng.command(offer)
                    .flatMap(offered -> ng.command(answer).map(answered -> {
                        media.legs.put(agentTag, new LegState(LegKind.AGENT, outsideTag, webRtcOffer, codec));
                        media.legs.put(outsideTag, new LegState(LegKind.OUTSIDE, agentTag, "", codec));
                        media.callerPort = Sdp.audioPort(text(offered, "sdp"));
                        return new BrowserDial(
                                new AgentLeg(call, legId(call, agentTag), agent, text(answered, "sdp")),
                                new TrunkLeg(call, legId(call, outsideTag), text(offered, "sdp"), codec));
                    }))
                    .flatMap(dial -> blockMedia(call, agentTag, true)
                            .then(blockMedia(call, outsideTag, true))
                            .thenReturn(dial))
                    .doOnError(error -> calls.remove(call, media));
        });
    }

    /** The flags that make rtpengine answer a browser: ICE (lite is set on the offer), DTLS-SRTP, rtcp-mux, a mid. */
    private static void webRtcAnswerFlags(Map<String, Object> answer) {
        answer.put("ICE", "force");
        answer.put("DTLS", "passive");
        answer.put("SDES", List.of("off"));
        answer.put("rtcp-mux", List.of("offer", "require"));
        answer.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
        answer.put("flags", List.of("generate-mid"));
    }

    /**
     * The browser's offer re-negotiates the trunk's other party (the placeholder, or the agent before): rtpengine turns
     * WebRTC (ICE, DTLS-SRTP, rtcp-mux) into the plain RTP the carrier already has, without transcoding (the browser
     * must offer the trunk's G.711 law, which every browser does). The agent is attached silent both ways until
     * {@link #bridge}.
     */
    @Override
    public Mono<AgentLeg> attachAgent(TenantId tenant, CallId call, String agent, String webRtcOffer) {
        return Mono.defer(() -> {
            CallMedia media = calls.get(call);
            if (media == null || !media.tenant.equals(tenant)) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no trunk leg"));
            }
            Map.Entry<String, LegState> trunk = media.trunk();
            String trunkTag = trunk.getKey();
            LegState trunkState = trunk.getValue();
            String agentTag = trunkState.peerTag;
            Map<String, Object> offer = message("offer", call);
            offer.put("from-tag", agentTag);
            offer.put("to-tag", trunkTag);
            offer.put("sdp", Sdp.withoutDuplicateCandidatePriorities(webRtcOffer));
            offer.put("replace", List.of("origin", "session-connection"));
            offer.put("ICE", "remove");
            // ICE lite towards the browser (set here: "backward" is the direction of the coming answer): the browser
            // nominates one pair and rtpengine follows it, instead of switching between the browser's candidates.
            offer.put("ICE-lite", "backward");
            offer.put("DTLS", "off");
            offer.put("SDES", List.of("off"));
            offer.put("rtcp-mux", List.of("demux"));
            offer.put("transport-protocol", "RTP/AVP");
            offer.put(
                    "codec",
                    Map.of("strip", List.of("all"), "except", List.of(trunkState.codec.name(), "telephone-event")));
            Map<String, Object> answer = message("answer", call);
            answer.put("from-tag", agentTag);
            answer.put("to-tag", trunkTag);
            answer.put("sdp", trunkState.sdp);
            answer.put("replace", List.of("origin", "session-connection"));
            answer.put("ICE", "force");
            answer.put("DTLS", "passive");
            answer.put("SDES", List.of("off"));
            answer.put("rtcp-mux", List.of("offer", "require"));
            answer.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
            answer.put("flags", List.of("generate-mid"));
            return ng.command(offer).then(ng.command(answer)).flatMap(reply -> {
                media.legs.put(agentTag, new LegState(LegKind.AGENT, trunkTag, webRtcOffer, trunkState.codec));
                AgentLeg leg = new AgentLeg(call, legId(call, agentTag), agent, text(reply, "sdp"));
                return blockMedia(call, agentTag, true)
                        .then(blockMedia(call, trunkTag, true))
                        .thenReturn(leg);
            });
        });
    }

    /** Lets the two legs hear each other (they must be the trunk and the agent of one call). */
    @Override
    public Mono<Void> bridge(LegId a, LegId b) {
        return Mono.defer(() -> {
            Party first = party(a);
            Party second = party(b);
            if (!first.call.equals(second.call) || !first.state.peerTag.equals(second.tag)) {
                return Mono.error(new MediaServerException(
                        Reason.UNSUPPORTED, "rtpengine bridges a trunk leg with its own agent leg only"));
            }
            return blockMedia(first.call, first.tag, false)
                    .then(blockMedia(second.call, second.tag, false))
                    .doOnSuccess(ignored -> first.media.bridged = true);
        });
    }

    /** Blocks (or unblocks) the media a party sends: the others stop hearing it. */
    private Mono<Void> blockMedia(CallId call, String tag, boolean block) {
        Map<String, Object> message = message(block ? "block media" : "unblock media", call);
        message.put("from-tag", tag);
        return ng.command(message).then();
    }

    @Override
    public Mono<Void> play(LegId leg, Prompt prompt) {
        return Mono.defer(() -> {
            Party party = party(leg);
            party.state.stopPlayback();
            return switch (prompt) {
                case Prompt.File file -> playFiles(party, List.of(file.location()), 0);
                case Prompt.Sequence sequence ->
                    playFiles(
                            party,
                            sequence.files().stream().map(Prompt.File::location).toList(),
                            0);
                case Prompt.Music music ->
                    playOnce(party, music.location(), 999).then();
            };
        });
    }

    /** Plays file {@code index}; when its duration is over, the next one, and after the last a finished event. */
    private Mono<Void> playFiles(Party party, List<URI> files, int index) {
        return playOnce(party, files.get(index), 0)
                .doOnNext(duration -> {
                    Disposable next = Mono.delay(duration)
                            .flatMap(tick -> index + 1 < files.size()
                                    ? playFiles(party, files, index + 1)
                                    : Mono.fromRunnable(() -> events.tryEmitNext(
                                            new MediaEvent.PlaybackFinished(party.call, party.leg, clock.instant()))))
                            .subscribe(
                                    ignored -> {},
                                    error -> log.warn("prompt on {} stopped: {}", party.leg, error.toString()));
                    party.state.playback(next);
                })
                .then();
    }

    private Mono<Duration> playOnce(Party party, URI location, int repeats) {
        Map<String, Object> message = message("play media", party.call);
        message.put("from-tag", party.tag);
        message.put("file", localFile(location).toString());
        if (repeats > 0) {
            message.put("repeat-times", repeats);
        }
        return ng.command(message).map(reply -> Duration.ofMillis(number(reply, "duration", 0)));
    }

    private static Path localFile(URI location) {
        if (location.getScheme() == null) {
            return Path.of(location.getPath());
        }
        if ("file".equals(location.getScheme())) {
            return Path.of(location);
        }
        throw new MediaServerException(
                Reason.UNSUPPORTED, "rtpengine plays local files only, not " + location.getScheme() + " URLs");
    }

    @Override
    public Mono<Void> stopPlaying(LegId leg) {
        return Mono.defer(() -> {
            Party party = party(leg);
            party.state.stopPlayback();
            Map<String, Object> message = message("stop media", party.call);
            message.put("from-tag", party.tag);
            // Nothing playing is not an error: rtpengine then answers with an error reason we ignore.
            return ng.command(message)
                    .onErrorResume(
                            error -> error instanceof MediaServerException failure
                                    && failure.reason() != Reason.UNREACHABLE,
                            error -> Mono.empty())
                    .then();
        });
    }

    @Override
    public Flux<Digit> digits(LegId leg) {
        return Flux.defer(() -> {
            Party party = party(leg);
            String callId = party.call.toString();
            return ng.notifications()
                    .filter(notification -> "onDTMF".equals(notification.get("notify")))
                    .mapNotNull(notification -> notification.get("data") instanceof Map<?, ?> data ? data : null)
                    .filter(data -> callId.equals(data.get("callid")) && party.tag.equals(data.get("source_tag")))
                    .mapNotNull(
                            data -> data.get("event") instanceof Long event && event >= 0 && event < DTMF_KEYS.length()
                                    ? new Digit(leg, DTMF_KEYS.charAt(event.intValue()), clock.instant())
                                    : null)
                    .takeUntilOther(party.media.ended.asMono());
        });
    }

    /** The held party's media is blocked (nobody hears it) and music plays to it in place of the others. */
    @Override
    public Mono<Void> hold(LegId leg, Prompt musicOnHold) {
        return Mono.defer(() -> {
            Party party = party(leg);
            // Both directions: the others do not hear the held party, and it hears the music only.
            return blockMedia(party.call, party.tag, true)
                    .then(blockMedia(party.call, party.state.peerTag, true))
                    .then(play(leg, musicOnHold))
                    .doOnSuccess(ignored -> party.state.held = true);
        });
    }

    @Override
    public Mono<Void> retrieve(LegId leg) {
        return Mono.defer(() -> {
            Party party = party(leg);
            Mono<Void> restore = party.media.bridged
                    ? blockMedia(party.call, party.tag, false).then(blockMedia(party.call, party.state.peerTag, false))
                    : Mono.empty();
            return stopPlaying(leg).then(restore).doOnSuccess(ignored -> party.state.held = false);
        });
    }

    /**
     * rtpengine records every packet it receives for the call into one pcap file; {@link #release} turns it into a
     * stereo WAV (caller left, agent right) in the spool. Prompts and music that rtpengine itself plays are not in it.
     */
    @Override
    public Mono<RecordingHandle> record(CallId call, RecordingLayout layout) {
        return Mono.defer(() -> {
            if (layout != RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT) {
                return unsupported("record " + layout + " (it records stereo, caller left, agent right)");
            }
            if (properties.recordingDir() == null) {
                return unsupported("record: cc.media.rtpengine.recording-dir is not set");
            }
            CallMedia media = calls.get(call);
            if (media == null) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " is not known"));
            }
            RecordingHandle handle = new RecordingHandle(call, call.toString(), layout, clock.instant());
            return ng.command(message("start recording", call)).then(Mono.fromSupplier(() -> {
                media.recording = handle;
                return handle;
            }));
        });
    }

    /** rtpengine subscribes listeners to parties but has no mixer: see {@link #offerMonitor} for LISTEN. */
    @Override
    public Mono<Void> monitor(CallId call, LegId supervisorLeg, MonitorMode mode) {
        return unsupported("join an attached leg to a call as " + mode + " (LISTEN: offerMonitor)");
    }

    /**
     * LISTEN: one subscription per party (caller, agent), each a receive-only WebRTC leg the browser plays; one stream
     * per subscription, because rtpengine 10.5's ICE fails on one subscription carrying several streams to a browser.
     * WHISPER and BARGE need a mixer, which rtpengine does not have.
     */
    @Override
    public Flux<MonitorLeg> offerMonitor(TenantId tenant, CallId call, String supervisor, MonitorMode mode) {
        return Flux.defer(() -> {
            if (mode != MonitorMode.LISTEN) {
                return Flux.error(new MediaServerException(
                        Reason.UNSUPPORTED,
                        "the rtpengine adapter monitors in LISTEN mode only (no mixer), not " + mode));
            }
            CallMedia media = calls.get(call);
            if (media == null || !media.tenant.equals(tenant)) {
                return Flux.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " is not known"));
            }
            Map.Entry<String, LegState> trunk = media.trunk();
            List<String> parties = media.legs.containsKey(trunk.getValue().peerTag)
                    ? List.of(trunk.getKey(), trunk.getValue().peerTag)
                    : List.of(trunk.getKey());
            return Flux.fromIterable(parties).concatMap(party -> {
                Map<String, Object> request = message("subscribe request", call);
                request.put("from-tags", List.of(party));
                request.put("ICE", "force");
                request.put("DTLS", "passive");
                request.put("SDES", List.of("off"));
                request.put("rtcp-mux", List.of("offer", "require"));
                request.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
                request.put("flags", List.of("generate-mid"));
                return ng.command(request).map(reply -> {
                    String tag = text(reply, "to-tag");
                    media.legs.put(tag, new LegState(LegKind.MONITOR, party, "", trunk.getValue().codec));
                    return new MonitorLeg(call, legId(call, tag), supervisor, mode, text(reply, "sdp"));
                });
            });
        });
    }

    @Override
    public Mono<Void> completeMonitor(LegId leg, String sdpAnswer) {
        return Mono.defer(() -> {
            Party party = party(leg);
            if (party.state.kind != LegKind.MONITOR) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not a monitoring leg"));
            }
            Map<String, Object> answer = message("subscribe answer", party.call);
            answer.put("to-tag", party.tag);
            answer.put("sdp", Sdp.withoutDuplicateCandidatePriorities(sdpAnswer));
            return ng.command(answer).then();
        });
    }

    /**
     * Deletes the call on rtpengine and returns its recording as a WAV in the spool; when rtpengine is unreachable the
     * recording is what reached the pcap so far and is marked partial.
     */
    @Override
    public Flux<FinishedRecording> release(CallId call) {
        return Flux.defer(() -> {
            CallMedia media = calls.remove(call);
            if (media != null) {
                media.end();
            }
            Mono<Boolean> complete = ng.command(message("delete", call))
                    .thenReturn(true)
                    .onErrorResume(
                            error -> error instanceof MediaServerException failure
                                    && failure.reason() == Reason.UNKNOWN_LEG,
                            error -> Mono.just(true))
                    .onErrorResume(
                            error -> error instanceof MediaServerException failure
                                    && failure.reason() == Reason.UNREACHABLE
                                    && media != null
                                    && media.recording != null,
                            error -> Mono.just(false));
            RecordingHandle recording = media == null ? null : media.recording;
            Path recordingDir = properties.recordingDir();
            if (recording == null || recordingDir == null) {
                return complete.thenMany(Flux.empty());
            }
            int callerPort = media.callerPort;
            return complete.flatMapMany(completed -> Mono.fromCallable(() -> RecordingFiles.finish(
                            recordingDir,
                            properties.spoolDir(),
                            recording,
                            callerPort,
                            !completed || media.interrupted))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flux());
        });
    }

    @Override
    public Flux<MediaEvent> events() {
        return events.asFlux();
    }

    private Mono<Boolean> ping() {
        return ng.command(message("ping", null)).map(reply -> true).onErrorReturn(false);
    }

    private void onProbe(boolean answered) {
        if (answered && serverUp.compareAndSet(false, true)) {
            log.info("rtpengine answers again");
            events.tryEmitNext(new MediaEvent.ServerBack(name(), clock.instant()));
        } else if (!answered && serverUp.compareAndSet(true, false)) {
            log.warn("rtpengine stopped answering; {} calls affected", calls.size());
            calls.values().forEach(media -> media.interrupted = true);
            events.tryEmitNext(new MediaEvent.ServerLost(name(), clock.instant()));
        }
    }

    @Override
    public void close() {
        probe.dispose();
        calls.values().forEach(CallMedia::end);
        calls.clear();
        ng.close();
        events.tryEmitComplete();
    }

    private static <T> Mono<T> unsupported(String operation) {
        return Mono.error(
                new MediaServerException(Reason.UNSUPPORTED, "the rtpengine adapter cannot " + operation + " yet"));
    }

    private Party party(LegId leg) {
        int separator = leg.value().lastIndexOf(SEPARATOR);
        if (separator < 1) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "not an rtpengine leg: " + leg);
        }
        CallId call;
        try {
            call = CallId.parse(leg.value().substring(0, separator));
        } catch (IllegalArgumentException e) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "not an rtpengine leg: " + leg, e);
        }
        String tag = leg.value().substring(separator + 1);
        CallMedia media = calls.get(call);
        LegState state = media == null ? null : media.legs.get(tag);
        if (media == null || state == null) {
            throw new MediaServerException(Reason.UNKNOWN_LEG, "leg " + leg + " is not (or no longer) known");
        }
        return new Party(call, tag, leg, media, state);
    }

    static LegId legId(CallId call, String tag) {
        return new LegId(call + SEPARATOR + tag);
    }

    private static String newTag(String kind) {
        return kind + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static Map<String, Object> message(String command, @Nullable CallId call) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("command", command);
        if (call != null) {
            message.put("call-id", call.toString());
        }
        return message;
    }

    private static String text(Map<String, Object> reply, String key) {
        if (reply.get(key) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new MediaServerException(Reason.UNACCEPTABLE_SDP, "rtpengine's reply has no " + key);
    }

    private static long number(Map<String, Object> reply, String key, long fallback) {
        return reply.get(key) instanceof Long value ? value : fallback;
    }

    private enum LegKind {
        TRUNK,
        AGENT,
        OUTSIDE,
        MONITOR
    }

    /** What the adapter knows of one call: its tenant, its legs, and a signal for its end. */
    private static final class CallMedia {
        final TenantId tenant;
        final CallId call;
        final Map<String, LegState> legs = new ConcurrentHashMap<>();
        final Sinks.Empty<Void> ended = Sinks.empty();
        volatile boolean bridged;
        volatile int callerPort;
        volatile @Nullable RecordingHandle recording;
        /** The server was lost while the call was up: its media and recording are incomplete. */
        volatile boolean interrupted;

        CallMedia(TenantId tenant, CallId call) {
            this.tenant = tenant;
            this.call = call;
        }

        void end() {
            legs.values().forEach(LegState::stopPlayback);
            ended.tryEmitEmpty();
        }

        Map.Entry<String, LegState> trunk() {
            return legs.entrySet().stream()
                    .filter(leg -> leg.getValue().kind == LegKind.TRUNK)
                    .findFirst()
                    .orElseThrow(
                            () -> new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no trunk leg"));
        }
    }

    /** One monologue: its kind, the tag of the party it talks to, and the timer of what plays to it. */
    private static final class LegState {
        final LegKind kind;
        final String peerTag;
        final String sdp;
        final Codec codec;
        volatile boolean held;
        private @Nullable Disposable playback;

        LegState(LegKind kind, String peerTag, String sdp, Codec codec) {
            this.kind = kind;
            this.peerTag = peerTag;
            this.sdp = sdp;
            this.codec = codec;
        }

        synchronized void playback(Disposable next) {
            stopPlayback();
            playback = next;
        }

        synchronized void stopPlayback() {
            if (playback != null) {
                playback.dispose();
                playback = null;
            }
        }
    }

    private record Party(CallId call, String tag, LegId leg, CallMedia media, LegState state) {}
}
