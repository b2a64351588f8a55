package cn.hotline.call.routing;

import cn.hotline.call.ivr.IvrAction;
import reactor.core.publisher.Mono;

/**
 * The seam for the SIP side: where a call goes. Called once when the call arrives ({@link #arrive}); when that says
 * {@link RouteDecision.RunIvr} the SIP side runs the IVR session and, if it ends in {@link IvrAction.QueueCall}
 * without a group, calls {@link #afterIvr} with the menu choices to learn the queue. A {@code QueueCall} with a group
 * needs no second call: the IVR decided.
 */
public interface CallRouter {

    /** The first decision: an IVR tree, a queue, voicemail or rejection. */
    Mono<RouteDecision> arrive(CallFacts facts);

    /** The queue for a call whose IVR ended in a queue node without a group: never {@code RunIvr}. */
    Mono<RouteDecision> afterIvr(CallFacts facts, IvrAction.QueueCall queued);
}
