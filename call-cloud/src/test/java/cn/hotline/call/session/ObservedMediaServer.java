package cn.hotline.call.session;

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
import cn.hotline.media.port.MonitorLeg;
import cn.hotline.media.port.MonitorMode;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.RecordingHandle;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The real media server with a log of what call-cloud asked it to play, per call (not a mock: every call goes through
 * to rtpengine). Lets a test see the queue's music and announcements, which the caller (SIPp) cannot report.
 */
public final class ObservedMediaServer implements MediaServer, AutoCloseable {

    private final MediaServer real;
    private final Map<LegId, CallId> calls = new ConcurrentHashMap<>();
    private final Map<CallId, List<Prompt>> played = new ConcurrentHashMap<>();
    private final Map<CallId, List<String>> holds = new ConcurrentHashMap<>();
    private final List<Prompt> everywhere = new CopyOnWriteArrayList<>();

    public ObservedMediaServer(MediaServer real) {
        this.real = real;
    }

    /** What was played to the call's legs, in order. */
    public List<Prompt> played(CallId call) {
        return List.copyOf(played.getOrDefault(call, List.of()));
    }

    /** Everything played to any leg, in order (also announcements to callers refused before a call exists). */
    public List<Prompt> playedAnywhere() {
        return List.copyOf(everywhere);
    }

    /** {@code hold} and {@code retrieve} of the call's legs, in order. */
    public List<String> holds(CallId call) {
        return List.copyOf(holds.getOrDefault(call, List.of()));
    }

    private void held(LegId leg, String what) {
        CallId call = calls.get(leg);
        if (call != null) {
            holds.computeIfAbsent(call, ignored -> new CopyOnWriteArrayList<>()).add(what);
        }
    }

    /** Closes the real adapter (its probe and connections) with the context. */
    @Override
    public void close() throws Exception {
        if (real instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public Mono<TrunkLeg> answerTrunk(TenantId tenant, CallId call, String sdpOffer, List<Codec> codecs) {
        return real.answerTrunk(tenant, call, sdpOffer, codecs).doOnNext(leg -> calls.put(leg.leg(), call));
    }

    @Override
    public Mono<TrunkLeg> offerTrunk(TenantId tenant, CallId call, List<Codec> codecs) {
        return real.offerTrunk(tenant, call, codecs);
    }

    @Override
    public Mono<Void> completeTrunk(LegId leg, String sdpAnswer) {
        return real.completeTrunk(leg, sdpAnswer);
    }

    @Override
    public Mono<AgentLeg> attachAgent(TenantId tenant, CallId call, String agent, String webRtcOffer) {
        return real.attachAgent(tenant, call, agent, webRtcOffer);
    }

    @Override
    public Mono<Void> bridge(LegId a, LegId b) {
        return real.bridge(a, b);
    }

    @Override
    public Mono<Void> play(LegId leg, Prompt prompt) {
        everywhere.add(prompt);
        CallId call = calls.get(leg);
        if (call != null) {
            played.computeIfAbsent(call, ignored -> new CopyOnWriteArrayList<>())
                    .add(prompt);
        }
        return real.play(leg, prompt);
    }

    @Override
    public Mono<Void> stopPlaying(LegId leg) {
        return real.stopPlaying(leg);
    }

    @Override
    public Flux<Digit> digits(LegId leg) {
        return real.digits(leg);
    }

    @Override
    public Mono<Void> hold(LegId leg, Prompt musicOnHold) {
        return real.hold(leg, musicOnHold).doOnSuccess(ignored -> held(leg, "hold"));
    }

    @Override
    public Mono<Void> retrieve(LegId leg) {
        return real.retrieve(leg).doOnSuccess(ignored -> held(leg, "retrieve"));
    }

    @Override
    public Mono<RecordingHandle> record(CallId call, RecordingLayout layout) {
        return real.record(call, layout);
    }

    @Override
    public Mono<Void> monitor(CallId call, LegId supervisorLeg, MonitorMode mode) {
        return real.monitor(call, supervisorLeg, mode);
    }

    @Override
    public Flux<MonitorLeg> offerMonitor(TenantId tenant, CallId call, String supervisor, MonitorMode mode) {
        return real.offerMonitor(tenant, call, supervisor, mode);
    }

    @Override
    public Mono<Void> completeMonitor(LegId leg, String sdpAnswer) {
        return real.completeMonitor(leg, sdpAnswer);
    }

    @Override
    public Mono<Void> sendDtmf(LegId leg, String digits) {
        return real.sendDtmf(leg, digits);
    }

    @Override
    public Mono<Void> changeMonitor(CallId call, String supervisor, MonitorMode mode) {
        return real.changeMonitor(call, supervisor, mode);
    }

    @Override
    public Mono<AgentLeg> attachParticipant(TenantId tenant, CallId call, String who, String webRtcOffer) {
        return real.attachParticipant(tenant, call, who, webRtcOffer);
    }

    @Override
    public Mono<Void> conference(CallId call, List<LegId> legs) {
        return real.conference(call, legs);
    }

    @Override
    public Mono<Void> leaveConference(CallId call, LegId leg) {
        return real.leaveConference(call, leg);
    }

    @Override
    public Mono<BrowserDial> dialFromBrowser(
            TenantId tenant, CallId call, String agent, String webRtcOffer, List<Codec> codecs) {
        return real.dialFromBrowser(tenant, call, agent, webRtcOffer, codecs);
    }

    @Override
    public Flux<FinishedRecording> release(CallId call) {
        return real.release(call);
    }

    @Override
    public Flux<MediaEvent> events() {
        return real.events();
    }
}
