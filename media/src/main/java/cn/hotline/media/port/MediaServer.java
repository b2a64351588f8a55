package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A media server as the contact centre sees it. Every leg belongs to one call of one tenant; {@link #release(CallId)}
 * frees everything of a call. Operations fail with {@link MediaServerException} (its code says whether the server is
 * unreachable, the leg unknown or the SDP unacceptable).
 */
public interface MediaServer {

    /** A short name for logs and diagnostics, e.g. {@code rtpengine+janus} or {@code kurento}. */
    String name();

    /**
     * Inbound call: takes the carrier's SDP offer and returns the leg with the SDP answer to send back, restricted to
     * {@code codecs} (in order of preference).
     */
    Mono<TrunkLeg> answerTrunk(TenantId tenant, CallId call, String sdpOffer, List<Codec> codecs);

    /** Outbound call (callback, transfer to an outside number): a trunk leg whose SDP offer goes into the INVITE. */
    Mono<TrunkLeg> offerTrunk(TenantId tenant, CallId call, List<Codec> codecs);

    /** Completes an outbound trunk leg with the far end's SDP answer. */
    Mono<Void> completeTrunk(LegId leg, String sdpAnswer);

    /**
     * An outbound call from an agent's browser (a callback), a new call with no caller's trunk leg: the browser's
     * WebRTC offer becomes the agent leg (its answer goes back to the browser at once) and an outside plain-RTP leg
     * restricted to {@code codecs} (its offer goes into the INVITE; the far end's answer into {@link #completeTrunk}).
     * Adapters that cannot do it refuse with {@code UNSUPPORTED}.
     */
    default Mono<BrowserDial> dialFromBrowser(
            TenantId tenant, CallId call, String agent, String webRtcOffer, List<Codec> codecs) {
        return Mono.error(new MediaServerException(
                MediaServerException.Reason.UNSUPPORTED, name() + " cannot place a call from a browser"));
    }

    /** An agent's browser leg (WebRTC, DTLS-SRTP, ICE): takes the browser's offer, returns the answer. */
    Mono<AgentLeg> attachAgent(TenantId tenant, CallId call, String agent, String webRtcOffer);

    /** Connects two legs of the call both ways (caller ↔ agent, agent ↔ outside number). */
    Mono<Void> bridge(LegId a, LegId b);

    /** Plays a prompt or music on hold to one leg; completes when playing has started. */
    Mono<Void> play(LegId leg, Prompt prompt);

    /** Stops whatever plays to the leg; nothing playing is not an error. */
    Mono<Void> stopPlaying(LegId leg);

    /** The DTMF digits the leg sends (RFC 4733), as they arrive, until the leg ends. */
    Flux<Digit> digits(LegId leg);

    /** Puts a leg on hold: it hears music on hold and its audio no longer reaches the others. */
    Mono<Void> hold(LegId leg, Prompt musicOnHold);

    /** Takes a leg off hold and restores its bridge. */
    Mono<Void> retrieve(LegId leg);

    /** Starts recording the call in the given layout; recordings end with the call or with {@link #release}. */
    Mono<RecordingHandle> record(CallId call, RecordingLayout layout);

    /**
     * A supervisor's leg (attached like an agent's) joins the call: listen (hears both), whisper (also heard by the
     * agent), barge (heard by all). Servers that offer the supervisor's leg themselves use {@link #offerMonitor}.
     */
    Mono<Void> monitor(CallId call, LegId supervisorLeg, MonitorMode mode);

    /**
     * A supervisor joins with legs the media server offers, one per party heard (the browser answers each): the way
     * servers that subscribe a listener to existing parties work (rtpengine). Adapters that cannot answer
     * {@code UNSUPPORTED}.
     */
    default Flux<MonitorLeg> offerMonitor(TenantId tenant, CallId call, String supervisor, MonitorMode mode) {
        return Flux.error(new MediaServerException(
                MediaServerException.Reason.UNSUPPORTED, name() + " cannot offer a monitoring leg"));
    }

    /** Completes a monitoring leg with the browser's SDP answer. */
    default Mono<Void> completeMonitor(LegId leg, String sdpAnswer) {
        return Mono.error(new MediaServerException(
                MediaServerException.Reason.UNSUPPORTED, name() + " cannot offer a monitoring leg"));
    }

    /**
     * Sends key presses ({@code 0-9 * # A-D}) to the party of {@code leg} as RFC 4733 telephone-events, one after the
     * other; completes when the last was sent. Adapters that cannot answer {@code UNSUPPORTED}.
     */
    default Mono<Void> sendDtmf(LegId leg, String digits) {
        return Mono.error(new MediaServerException(
                MediaServerException.Reason.UNSUPPORTED, name() + " cannot send DTMF to a leg"));
    }

    /**
     * Changes the mode of a supervisor already joined through {@link #offerMonitor} with a leg that can talk (WHISPER or
     * BARGE): LISTEN mutes the supervisor, WHISPER lets the agent hear it, BARGE everyone. Adapters without a mixer
     * answer {@code UNSUPPORTED}.
     */
    default Mono<Void> changeMonitor(CallId call, String supervisor, MonitorMode mode) {
        return Mono.error(new MediaServerException(MediaServerException.Reason.UNSUPPORTED, name() + " has no mixer"));
    }

    /**
     * A further browser leg in the call (a second agent for a three-way call): attached silent both ways until it
     * joins a {@link #conference}; the answer goes back to the browser.
     */
    default Mono<AgentLeg> attachParticipant(TenantId tenant, CallId call, String who, String webRtcOffer) {
        return Mono.error(new MediaServerException(MediaServerException.Reason.UNSUPPORTED, name() + " has no mixer"));
    }

    /**
     * Joins the given legs of one call to the call's conference, creating it when missing (then it needs two legs or
     * more): each member hears all the others. Legs already in it stay as they are. Legs of the call that are not
     * members keep what they had: a caller on hold keeps its music while two agents talk in the conference (a
     * consultation), and joins later with a further call (its music stops). A call monitored by a talking supervisor
     * cannot hold a conference ({@code UNSUPPORTED}).
     */
    default Mono<Void> conference(CallId call, List<LegId> legs) {
        return Mono.error(new MediaServerException(MediaServerException.Reason.UNSUPPORTED, name() + " has no mixer"));
    }

    /**
     * Removes one member from the call's conference: nobody hears it any more and it hears nothing. A further browser
     * leg ({@link #attachParticipant}) is released; the caller's and the agent's legs stay known (silent) until
     * {@link #release}. The remaining members stay mixed, also when only two are left. A leg that is not a member:
     * {@code UNKNOWN_LEG}.
     */
    default Mono<Void> leaveConference(CallId call, LegId leg) {
        return Mono.error(new MediaServerException(MediaServerException.Reason.UNSUPPORTED, name() + " has no mixer"));
    }

    /** Frees every leg, bridge, playback and recording of the call; returns the finished recordings. */
    Flux<FinishedRecording> release(CallId call);

    /** Events the server raises by itself: playback finished, leg lost, server lost or back. */
    Flux<MediaEvent> events();
}
