package cn.hotline.call.sip;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** An answered outbound call: hang it up, or learn when the far end does. */
public final class OutboundCall {

    /** Who ended an answered outbound call. */
    public enum EndedBy {
        FAR_END,
        US
    }

    private final String sipCallId;
    private final String number;
    private final String callerId;
    private final Supplier<Mono<Void>> bye;
    private final Sinks.One<EndedBy> ended = Sinks.one();

    OutboundCall(String sipCallId, String number, String callerId, Supplier<Mono<Void>> bye) {
        this.sipCallId = sipCallId;
        this.number = number;
        this.callerId = callerId;
        this.bye = bye;
    }

    public String sipCallId() {
        return sipCallId;
    }

    public String number() {
        return number;
    }

    public String callerId() {
        return callerId;
    }

    /** Sends BYE (once); emits when it is sent. A call the far end already ended: nothing. */
    public Mono<Void> hangUp() {
        return Mono.defer(() -> ended.tryEmitValue(EndedBy.US).isSuccess() ? bye.get() : Mono.empty());
    }

    /** Emits who ended the call, once it has ended. */
    public Mono<EndedBy> ended() {
        return ended.asMono();
    }

    void farEndHungUp() {
        ended.tryEmitValue(EndedBy.FAR_END);
    }

    @Override
    public String toString() {
        return "OutboundCall[" + sipCallId + " to " + number + " as " + callerId + "]";
    }
}
