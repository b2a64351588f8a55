package cn.hotline.media.rtpengine;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.janus.AudioBridge;
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
    private final @Nullable AudioBridge audioBridge;

    private RtpengineMediaServer(
            NgClient ng, RtpengineProperties properties, Clock clock, @Nullable AudioBridge audioBridge) {
        this.ng = ng;
        this.audioBridge = audioBridge;
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
        return new RtpengineMediaServer(ng, properties, clock, null);
    }

    /**
     * Like {@link #connect(RtpengineProperties, Clock)}, with Janus's AudioBridge as the mixer for whisper, barge and
     * three-way calls (see {@link #offerMonitor} and {@link #conference}).
     */
    public static RtpengineMediaServer connect(RtpengineProperties properties, Clock clock, AudioBridge audioBridge) {
        NgClient ng = NgClient.open(
                properties.ngUrl(), properties.ngTcpUrl(), properties.attemptTimeout(), properties.attempts());
        return new RtpengineMediaServer(ng, properties, clock, audioBridge);
    }

    @Override
    public String name() {
        return audioBridge == null ? "rtpengine" : "rtpengine+janus";
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
            Map<String, Object> offer = plainRtpOffer(call, trunkTag, null, sdpOffer, codec);
            Map<String, Object> answer = placeholderAnswer(call, trunkTag, peerTag, codec);
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
            Map<String, Object> offer = plainRtpOffer(call, trunkTag, outsideTag, trunkState.sdp, trunkState.codec);
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
            answer.put("sdp", Sdp.withoutSsrc(sdpAnswer));
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
            Map<String, Object> offer = browserOffer(call, agentTag, null, webRtcOffer, codec);
            Map<String, Object> answer = placeholderAnswer(call, agentTag, outsideTag, codec);
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
    /**
     * An offer from {@code fromTag} (to {@code toTag} once that party exists) whose SDP speaks plain RTP in {@code codec}
     * and its telephone-events, nothing else, towards rtpengine's other side.
     */
    private static Map<String, Object> plainRtpOffer(
            CallId call, String fromTag, @Nullable String toTag, String sdp, Codec codec) {
        Map<String, Object> offer = message("offer", call);
        offer.put("from-tag", fromTag);
        if (toTag != null) {
            offer.put("to-tag", toTag);
        }
        offer.put("sdp", sdp);
        offer.put("replace", List.of("origin", "session-connection"));
        offer.put("ICE", "remove");
        offer.put("transport-protocol", "RTP/AVP");
        offer.put("codec", Map.of("strip", List.of("all"), "except", List.of(codec.name(), "telephone-event")));
        return offer;
    }

    /**
     * A browser's WebRTC offer turned into plain RTP on rtpengine's other side: ICE lite towards the browser (set here:
     * "backward" is the direction of the coming answer, so the browser nominates one pair and rtpengine follows it),
     * no DTLS or SDES and rtcp demultiplexed on the RTP side.
     */
    private static Map<String, Object> browserOffer(
            CallId call, String fromTag, @Nullable String toTag, String webRtcOffer, Codec codec) {
        Map<String, Object> offer =
                plainRtpOffer(call, fromTag, toTag, Sdp.withoutDuplicateCandidatePriorities(webRtcOffer), codec);
        offer.put("ICE-lite", "backward");
        offer.put("DTLS", "off");
        offer.put("SDES", List.of("off"));
        offer.put("rtcp-mux", List.of("demux"));
        return offer;
    }

    /** The answer of a party that does not exist yet ({@code toTag}, silent) to {@code fromTag}'s offer. */
    private static Map<String, Object> placeholderAnswer(CallId call, String fromTag, String toTag, Codec codec) {
        Map<String, Object> answer = message("answer", call);
        answer.put("from-tag", fromTag);
        answer.put("to-tag", toTag);
        answer.put("sdp", Sdp.placeholderAnswer(codec));
        answer.put("replace", List.of("origin", "session-connection"));
        return answer;
    }

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
            Map<String, Object> offer = browserOffer(call, agentTag, trunkTag, webRtcOffer, trunkState.codec);
            Map<String, Object> answer = message("answer", call);
            answer.put("from-tag", agentTag);
            answer.put("to-tag", trunkTag);
            answer.put("sdp", Sdp.withoutSsrc(trunkState.sdp));
            answer.put("replace", List.of("origin", "session-connection"));
            webRtcAnswerFlags(answer);
            return ng.command(offer).then(ng.command(answer)).flatMap(reply -> {
                media.legs.put(agentTag, new LegState(LegKind.AGENT, trunkTag, webRtcOffer, trunkState.codec));
                AgentLeg leg = new AgentLeg(call, legId(call, agentTag), agent, text(reply, "sdp"));
                return blockMedia(call, agentTag, true)
                        .then(blockMedia(call, trunkTag, true))
                        .then(remix(media))
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

    /**
     * rtpengine's {@code play DTMF} injects an event into the stream of the party it selects, so the party that
     * <em>sends</em> is our side of the leg (its peer tag) and {@code leg}'s party hears it. One command per key, each
     * after the previous one's duration and a short gap. rtpengine refuses it while that side sends no media ("No
     * SSRC context"). Not yet proven end to end: in a bridged call rtpengine 10.5 accepted the commands but a
     * plain-RTP carrier received no RFC 4733 packets (with or without the {@code inject-DTMF} flag), so this is not
     * in the contract suite.
     */
    @Override
    public Mono<Void> sendDtmf(LegId leg, String digits) {
        return Mono.defer(() -> {
            if (digits.isEmpty() || !digits.matches("[0-9*#A-D]+")) {
                return Mono.error(new MediaServerException(
                        Reason.UNSUPPORTED, "DTMF keys are 0-9, *, #, A-D, not '" + digits + "'"));
            }
            Party party = party(leg);
            return Flux.fromArray(digits.split(""))
                    .concatMap(key -> {
                        Map<String, Object> message = message("play DTMF", party.call);
                        message.put("from-tag", party.state.peerTag);
                        message.put("code", key);
                        message.put("duration", DTMF_DURATION_MS);
                        return ng.command(message).then(Mono.delay(Duration.ofMillis(DTMF_DURATION_MS + 70)));
                    })
                    .then();
        });
    }

    private static final int DTMF_DURATION_MS = 200;

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
            CallMedia media = calls.get(call);
            if (mode != MonitorMode.LISTEN) {
                if (audioBridge == null) {
                    return Flux.error(new MediaServerException(
                            Reason.UNSUPPORTED,
                            "the rtpengine adapter without Janus monitors in LISTEN mode only (no mixer), not "
                                    + mode));
                }
                if (media == null || !media.tenant.equals(tenant)) {
                    return Flux.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " is not known"));
                }
                return offerTalkingMonitor(media, supervisor, mode).flux();
            }
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
            if (party.state.kind == LegKind.SUPERVISOR) {
                return completeTalkingMonitor(party, sdpAnswer);
            }
            if (party.state.kind != LegKind.MONITOR) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not a monitoring leg"));
            }
            Map<String, Object> answer = message("subscribe answer", party.call);
            answer.put("to-tag", party.tag);
            answer.put("sdp", Sdp.withoutDuplicateCandidatePriorities(sdpAnswer));
            return ng.command(answer).then();
        });
    }

    // ---- Mixing through Janus AudioBridge (whisper, barge, three-way); see ADR 0005 ----

    private static final int MIX_RATE = 8000;

    private AudioBridge bridgeOrFail() {
        AudioBridge bridge = audioBridge;
        if (bridge == null) {
            throw new MediaServerException(Reason.UNSUPPORTED, "the rtpengine adapter has no mixer (Janus) configured");
        }
        return bridge;
    }

    /**
     * WHISPER or BARGE: builds the call's two ear rooms on first use, then offers the supervisor a talking WebRTC leg
     * whose other side becomes an AudioBridge participant once the browser answers ({@link #completeMonitor}).
     */
    private Mono<MonitorLeg> offerTalkingMonitor(CallMedia media, String supervisor, MonitorMode mode) {
        return monitorMix(media).flatMap(mix -> {
            if (mix.supervisors().containsKey(supervisor)) {
                return Mono.error(new MediaServerException(
                        Reason.UNSUPPORTED, supervisor + " already talks in call " + media.call + ": change its mode"));
            }
            Codec codec = media.trunk().getValue().codec;
            String tag = newTag("sup");
            String mixTag = newTag("mix");
            Map<String, Object> offer =
                    talkingOffer(media.call, tag, mixTag, Sdp.plain("127.0.0.1", 9, codec, "sendrecv"));
            return ng.command(offer).map(reply -> {
                media.legs.put(tag, new LegState(LegKind.SUPERVISOR, mixTag, "", codec));
                media.legs.put(mixTag, new LegState(LegKind.MIX, tag, "", codec));
                mix.supervisors().put(supervisor, new Talker(tag, mixTag, mode));
                return new MonitorLeg(media.call, legId(media.call, tag), supervisor, mode, text(reply, "sdp"));
            });
        });
    }

    /** The offer towards the supervisor's browser (as for LISTEN's subscriptions: ICE, DTLS passive, rtcp-mux). */
    private static Map<String, Object> talkingOffer(CallId call, String tag, String mixTag, String mixerSdp) {
        Map<String, Object> offer = message("offer", call);
        offer.put("from-tag", mixTag);
        offer.put("to-tag", tag);
        offer.put("sdp", mixerSdp);
        offer.put("replace", List.of("origin", "session-connection"));
        offer.put("ICE", "force");
        offer.put("DTLS", "passive");
        offer.put("SDES", List.of("off"));
        offer.put("rtcp-mux", List.of("offer", "require"));
        offer.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
        offer.put("flags", List.of("generate-mid"));
        return offer;
    }

    private static Map<String, Object> talkingAnswer(CallId call, String tag, String mixTag, String browserSdp) {
        Map<String, Object> answer = message("answer", call);
        answer.put("from-tag", mixTag);
        answer.put("to-tag", tag);
        answer.put("sdp", Sdp.withoutDuplicateCandidatePriorities(browserSdp));
        answer.put("replace", List.of("origin", "session-connection"));
        answer.put("ICE", "remove");
        answer.put("transport-protocol", "RTP/AVP");
        return answer;
    }

    /**
     * The browser answered: the mixer side learns where rtpengine listens, joins the agent's room (muted unless
     * WHISPER or BARGE), rtpengine is told the participant's address (a re-offer whose SDP the browser does not need),
     * and a copy of the supervisor joins the caller's room (muted unless BARGE).
     */
    private Mono<Void> completeTalkingMonitor(Party party, String sdpAnswer) {
        CallMedia media = party.media;
        Mono<Mix> existing = media.existingMix();
        if (existing == null) {
            return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, party.leg + " has no mixer"));
        }
        return existing.flatMap(mix -> {
            Talker talker = mix.supervisors().values().stream()
                    .filter(candidate -> candidate.tag.equals(party.tag))
                    .findFirst()
                    .orElseThrow(() -> new MediaServerException(Reason.UNKNOWN_LEG, party.leg + " is not talking"));
            Codec codec = party.state.codec;
            return ng.command(talkingAnswer(party.call, talker.tag, talker.mixTag, sdpAnswer))
                    .doOnNext(reply -> media.mixerPorts.add(Sdp.audioPort(text(reply, "sdp"))))
                    .flatMap(reply -> mix.mixer()
                            .joinPlainRtp(
                                    mix.agentRoom(),
                                    talker.tag,
                                    Sdp.address(text(reply, "sdp")),
                                    Sdp.audioPort(text(reply, "sdp")),
                                    codecName(codec),
                                    codec.staticPayloadType(),
                                    talker.mode == MonitorMode.LISTEN))
                    .flatMap(talk -> {
                        talker.talk = talk;
                        String mixerSdp = Sdp.plain(talk.ip(), talk.port(), codec, "sendrecv");
                        return ng.command(talkingOffer(party.call, talker.tag, talker.mixTag, mixerSdp))
                                .then(ng.command(talkingAnswer(party.call, talker.tag, talker.mixTag, sdpAnswer)));
                    })
                    .then(copy(media, mix, talker.tag, mix.callerRoom(), talker.mode != MonitorMode.BARGE))
                    .doOnNext(copy -> talker.copy = copy)
                    .then();
        });
    }

    /**
     * An agent who rejoins a mixed call (a new browser offer) was paired straight with the caller again: both go back
     * into their rooms (new participants; the old ones only send silence).
     */
    private Mono<Void> remix(CallMedia media) {
        Mono<Mix> existing = media.existingMix();
        if (existing == null) {
            return Mono.empty();
        }
        return existing.flatMap(mix -> {
            Map.Entry<String, LegState> trunk = media.trunk();
            String agentTag = trunk.getValue().peerTag;
            if (mix.kind() == Mix.Kind.CONFERENCE) {
                // the new agent offer paired the caller with the agent again: members go back into the room
                return Flux.fromIterable(List.of(trunk.getKey(), agentTag))
                        .filter(tag -> mix.members().containsKey(tag))
                        .concatMap(tag -> toMixer(media, mix, tag, mix.callerRoom())
                                .doOnNext(joined -> mix.members().put(tag, joined)))
                        .then();
            }
            return toMixer(media, mix, trunk.getKey(), mix.callerRoom())
                    .then(toMixer(media, mix, agentTag, mix.agentRoom()))
                    .then();
        });
    }

    /** LISTEN mutes the supervisor, WHISPER lets the agent hear it, BARGE the caller too. */
    @Override
    public Mono<Void> changeMonitor(CallId call, String supervisor, MonitorMode mode) {
        return Mono.defer(() -> {
            CallMedia media = calls.get(call);
            Mono<Mix> existing = media == null ? null : media.existingMix();
            if (existing == null) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no mixer"));
            }
            return existing.flatMap(mix -> {
                Talker talker = mix.supervisors().get(supervisor);
                AudioBridge.Participant talk = talker == null ? null : talker.talk;
                AudioBridge.Participant copy = talker == null ? null : talker.copy;
                if (talker == null || talk == null || copy == null) {
                    return Mono.error(new MediaServerException(
                            Reason.UNKNOWN_LEG, supervisor + " has no answered talking leg in call " + call));
                }
                return mix.mixer()
                        .mute(talk, mode == MonitorMode.LISTEN)
                        .then(mix.mixer().mute(copy, mode != MonitorMode.BARGE))
                        .doOnSuccess(ignored -> talker.mode = mode);
            });
        });
    }

    /** The call's two ear rooms, built once: caller and agent re-paired with their participants, each copied. */
    private Mono<Mix> monitorMix(CallMedia media) {
        return media.mix(() -> Mono.defer(() -> {
                    Map.Entry<String, LegState> trunk = media.trunk();
                    String agentTag = trunk.getValue().peerTag;
                    LegState agent = media.legs.get(agentTag);
                    if (agent == null || agent.kind != LegKind.AGENT || !media.bridged) {
                        return Mono.error(new MediaServerException(
                                Reason.UNSUPPORTED, "whisper and barge need a call bridged with an agent"));
                    }
                    return bridgeOrFail().open().flatMap(mixer -> mixer.createRoom(MIX_RATE)
                            .zipWith(mixer.createRoom(MIX_RATE))
                            .map(rooms -> new Mix(
                                    mixer,
                                    Mix.Kind.MONITOR,
                                    rooms.getT1(),
                                    rooms.getT2(),
                                    new ConcurrentHashMap<>(),
                                    new ConcurrentHashMap<>()))
                            .flatMap(mix -> toMixer(media, mix, trunk.getKey(), mix.callerRoom())
                                    .then(toMixer(media, mix, agentTag, mix.agentRoom()))
                                    .then(copy(media, mix, trunk.getKey(), mix.agentRoom(), false))
                                    .then(copy(media, mix, agentTag, mix.callerRoom(), false))
                                    .thenReturn(mix))
                            .onErrorResume(error -> mixer.close().then(Mono.error(error))));
                }))
                .flatMap(mix -> mix.kind() == Mix.Kind.MONITOR
                        ? Mono.just(mix)
                        : Mono.error(new MediaServerException(
                                Reason.UNSUPPORTED, "a supervisor cannot whisper into a three-way call yet")));
    }

    /**
     * Re-pairs a party (trunk or browser) with a new AudioBridge participant: the party is offered again with its own
     * stored SDP towards a new plain-RTP tag, so its side (ports, ICE, DTLS) stays as it is and only what it hears
     * changes: the room's mix of everyone else.
     */
    private Mono<Joined> toMixer(CallMedia media, Mix mix, String tag, long room) {
        LegState state = media.legs.get(tag);
        if (state == null) {
            return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "leg " + tag + " is not known"));
        }
        boolean browser = state.kind == LegKind.AGENT || state.kind == LegKind.PARTY;
        String mixTag = newTag("mix");
        Map<String, Object> offer = browser
                ? browserOffer(media.call, tag, mixTag, state.sdp, state.codec)
                : plainRtpOffer(media.call, tag, mixTag, state.sdp, state.codec);
        return ng.command(offer)
                .doOnNext(reply -> media.mixerPorts.add(Sdp.audioPort(text(reply, "sdp"))))
                .flatMap(reply -> mix.mixer()
                        .joinPlainRtp(
                                room,
                                tag,
                                Sdp.address(text(reply, "sdp")),
                                Sdp.audioPort(text(reply, "sdp")),
                                codecName(state.codec),
                                state.codec.staticPayloadType(),
                                false))
                .flatMap(participant -> {
                    Map<String, Object> answer = message("answer", media.call);
                    answer.put("from-tag", tag);
                    answer.put("to-tag", mixTag);
                    answer.put("sdp", Sdp.plain(participant.ip(), participant.port(), state.codec, "sendrecv"));
                    answer.put("replace", List.of("origin", "session-connection"));
                    if (browser) {
                        answer.put("ICE", "force");
                        answer.put("DTLS", "passive");
                        answer.put("SDES", List.of("off"));
                        answer.put("rtcp-mux", List.of("offer", "require"));
                        answer.put("transport-protocol", "UDP/TLS/RTP/SAVPF");
                        answer.put("flags", List.of("generate-mid"));
                    }
                    media.legs.put(mixTag, new LegState(LegKind.MIX, tag, "", state.codec));
                    return ng.command(answer)
                            .then(blockMedia(media.call, tag, false))
                            .then(blockMedia(media.call, mixTag, false))
                            .thenReturn(new Joined(mixTag, participant));
                });
    }

    /** A send-only copy of a party (an rtpengine subscription) joins another room, e.g. the caller's for the agent. */
    private Mono<AudioBridge.Participant> copy(CallMedia media, Mix mix, String tag, long room, boolean muted) {
        LegState state = media.legs.get(tag);
        if (state == null) {
            return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "leg " + tag + " is not known"));
        }
        Map<String, Object> request = message("subscribe request", media.call);
        request.put("from-tags", List.of(tag));
        request.put("ICE", "remove");
        request.put("transport-protocol", "RTP/AVP");
        return ng.command(request).flatMap(reply -> {
            String copyTag = text(reply, "to-tag");
            String sdp = text(reply, "sdp");
            media.mixerPorts.add(Sdp.audioPort(sdp));
            return mix.mixer()
                    .joinPlainRtp(
                            room,
                            "copy-" + tag,
                            Sdp.address(sdp),
                            Sdp.audioPort(sdp),
                            codecName(state.codec),
                            state.codec.staticPayloadType(),
                            muted)
                    .flatMap(participant -> {
                        Map<String, Object> answer = message("subscribe answer", media.call);
                        answer.put("to-tag", copyTag);
                        answer.put("sdp", Sdp.plain(participant.ip(), participant.port(), state.codec, "recvonly"));
                        media.legs.put(copyTag, new LegState(LegKind.COPY, tag, "", state.codec));
                        return ng.command(answer).thenReturn(participant);
                    });
        });
    }

    private static String codecName(Codec codec) {
        return codec == Codec.PCMU ? "pcmu" : "pcma";
    }

    /**
     * A further browser leg (e.g. a second agent for a three-way call), paired with a placeholder: it hears nothing
     * and nobody hears it until {@link #conference}.
     */
    @Override
    public Mono<AgentLeg> attachParticipant(TenantId tenant, CallId call, String who, String webRtcOffer) {
        return Mono.defer(() -> {
            CallMedia media = calls.get(call);
            if (media == null || !media.tenant.equals(tenant)) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " is not known"));
            }
            Codec codec = media.trunk().getValue().codec;
            String tag = newTag("party");
            String placeholder = newTag("peer");
            Map<String, Object> offer = browserOffer(call, tag, null, webRtcOffer, codec);
            Map<String, Object> answer = placeholderAnswer(call, tag, placeholder, codec);
            webRtcAnswerFlags(answer);
            return ng.command(offer).then(ng.command(answer)).map(reply -> {
                media.legs.put(tag, new LegState(LegKind.PARTY, placeholder, webRtcOffer, codec));
                return new AgentLeg(call, legId(call, tag), who, text(reply, "sdp"));
            });
        });
    }

    /**
     * Three-way and consultation talk: the given legs (trunk, agent, further browser legs) join the call's one
     * conference room, created on first use; each member hears the mix of all the others. Members already in the room
     * stay; a held caller who joins stops hearing its music. Legs outside the room keep what they had (a held caller
     * keeps its music while the two agents talk).
     */
    @Override
    public Mono<Void> conference(CallId call, List<LegId> legs) {
        return Mono.defer(() -> {
            if (legs.isEmpty()) {
                return Mono.error(new MediaServerException(Reason.UNSUPPORTED, "a conference needs a leg to join"));
            }
            List<Party> parties = legs.stream().map(this::party).toList();
            CallMedia media = parties.get(0).media;
            for (Party party : parties) {
                if (!party.call.equals(call)) {
                    return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, party.leg + " is not in " + call));
                }
                LegKind kind = party.state.kind;
                if (kind != LegKind.TRUNK && kind != LegKind.AGENT && kind != LegKind.PARTY) {
                    return Mono.error(new MediaServerException(
                            Reason.UNSUPPORTED, "only caller, agent and attached browser legs join a conference"));
                }
            }
            Mono<Mix> existing = media.existingMix();
            if (existing == null && parties.size() < 2) {
                return Mono.error(new MediaServerException(Reason.UNSUPPORTED, "a conference needs two legs or more"));
            }
            Mono<Mix> mixer = media.mix(() -> bridgeOrFail().open().flatMap(opened -> opened.createRoom(MIX_RATE)
                    .map(room -> new Mix(
                            opened,
                            Mix.Kind.CONFERENCE,
                            room,
                            room,
                            new ConcurrentHashMap<>(),
                            new ConcurrentHashMap<>()))
                    .onErrorResume(error -> opened.close().then(Mono.error(error)))));
            return mixer.flatMap(mix -> {
                if (mix.kind() != Mix.Kind.CONFERENCE) {
                    return Mono.error(new MediaServerException(
                            Reason.UNSUPPORTED, "call " + call + " is mixed for a supervisor: no conference"));
                }
                return Flux.fromIterable(parties)
                        .filter(party -> !mix.members().containsKey(party.tag))
                        .concatMap(party -> joinConference(media, mix, party))
                        .then();
            });
        });
    }

    /** One party into the conference room; a held party's music stops first (nobody else hears it anyway). */
    private Mono<Void> joinConference(CallMedia media, Mix mix, Party party) {
        Mono<Void> unhold = Mono.empty();
        if (party.state.held) {
            unhold = stopPlaying(party.leg).doOnSuccess(ignored -> party.state.held = false);
        }
        return unhold.then(toMixer(media, mix, party.tag, mix.callerRoom()))
                .doOnNext(joined -> mix.members().put(party.tag, joined))
                .then();
    }

    /**
     * A member leaves the conference: its AudioBridge participant is kicked and both its own side and its mixer side
     * are blocked, so it neither hears nor is heard. A further browser leg is then forgotten (released for the call; its
     * rtpengine ports go with the call's {@code delete}). The others stay in the room.
     */
    @Override
    public Mono<Void> leaveConference(CallId call, LegId leg) {
        return Mono.defer(() -> {
            Party party = party(leg);
            if (!party.call.equals(call)) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not in " + call));
            }
            Mono<Mix> existing = party.media.existingMix();
            if (existing == null) {
                return Mono.error(new MediaServerException(Reason.UNKNOWN_LEG, "call " + call + " has no conference"));
            }
            return existing.flatMap(mix -> {
                Joined joined =
                        mix.kind() == Mix.Kind.CONFERENCE ? mix.members().remove(party.tag) : null;
                if (joined == null) {
                    return Mono.error(
                            new MediaServerException(Reason.UNKNOWN_LEG, leg + " is not in the call's conference"));
                }
                return mix.mixer()
                        .kick(joined.participant())
                        .onErrorResume(
                                error -> error instanceof MediaServerException failure
                                        && failure.reason() != Reason.UNREACHABLE,
                                error -> Mono.empty())
                        .then(blockMedia(call, party.tag, true))
                        .then(blockMedia(call, joined.mixTag(), true))
                        .doOnSuccess(ignored -> {
                            party.state.stopPlayback();
                            if (party.state.kind == LegKind.PARTY) {
                                party.media.legs.remove(party.tag);
                                party.media.legs.remove(joined.mixTag());
                            }
                        });
            });
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
            Mono<Void> closeMix = media == null ? Mono.empty() : media.closeMix();
            Mono<Boolean> complete = closeMix.then(ng.command(message("delete", call)))
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
                            java.util.Set.copyOf(media.mixerPorts),
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
        MONITOR,
        /** A further browser leg (three-way), paired with a placeholder until it joins a conference. */
        PARTY,
        /** A supervisor's talking leg (whisper, barge), paired with its AudioBridge participant. */
        SUPERVISOR,
        /** The AudioBridge side of a party that was re-paired with the mixer. */
        MIX,
        /** A send-only copy of a party for another room of the mixer. */
        COPY
    }

    /** What the adapter knows of one call: its tenant, its legs, and a signal for its end. */
    private static final class CallMedia {
        final TenantId tenant;
        final CallId call;
        final Map<String, LegState> legs = new ConcurrentHashMap<>();
        final Sinks.Empty<Void> ended = Sinks.empty();
        volatile boolean bridged;
        volatile int callerPort;
        /** rtpengine's ports that receive the mixer's output: left out of the recording. */
        final java.util.Set<Integer> mixerPorts = ConcurrentHashMap.newKeySet();

        volatile @Nullable RecordingHandle recording;
        /** The server was lost while the call was up: its media and recording are incomplete. */
        volatile boolean interrupted;
        /** The mixer of the call once a supervisor whispers or barges, or a three-way call starts. */
        private @Nullable Mono<Mix> mix;

        /** The call's mixer, built once; a build that failed is forgotten, so a later request can try again. */
        synchronized Mono<Mix> mix(java.util.function.Supplier<Mono<Mix>> build) {
            Mono<Mix> current = mix;
            if (current != null) {
                return current;
            }
            Mono<Mix> cached = build.get().cache();
            mix = cached;
            return cached.doOnError(error -> forget(cached));
        }

        private synchronized void forget(Mono<Mix> failed) {
            if (mix == failed) {
                mix = null;
            }
        }

        synchronized @Nullable Mono<Mix> existingMix() {
            return mix;
        }

        Mono<Void> closeMix() {
            Mono<Mix> current = existingMix();
            return current == null
                    ? Mono.empty()
                    : current.flatMap(built -> built.mixer.close()).onErrorResume(error -> Mono.empty());
        }

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

    /** A party re-paired with the mixer: the tag of its mixer side and its AudioBridge participant. */
    private record Joined(String mixTag, AudioBridge.Participant participant) {}

    /**
     * The call's mixer: for monitoring, two AudioBridge rooms, one per ear — the caller's room (the caller's own
     * participant, a copy of the agent, copies of barging supervisors) and the agent's room (the agent's own
     * participant, a copy of the caller, the supervisors); for a three-way call one room where every party hears all
     * the others.
     */
    private record Mix(
            AudioBridge.Mixer mixer,
            Kind kind,
            long callerRoom,
            long agentRoom,
            Map<String, Talker> supervisors,
            Map<String, Joined> members) {
        enum Kind {
            MONITOR,
            CONFERENCE
        }
    }

    /** A supervisor's talking leg: its tag, its mixer-side tag, its participant in the agent's room and its copy. */
    private static final class Talker {
        final String tag;
        final String mixTag;
        volatile MonitorMode mode;
        volatile AudioBridge.@Nullable Participant talk;
        volatile AudioBridge.@Nullable Participant copy;

        Talker(String tag, String mixTag, MonitorMode mode) {
            this.tag = tag;
            this.mixTag = mixTag;
            this.mode = mode;
        }
    }
}
