package cn.hotline.kernel.events;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Payloads of a tenant's call-event topic ({@code persistent://{tenant}/calls/call-events}), version 1. Published by
 * call-cloud from its ACD's decision history, in decision order per tenant, at least once: consumers deduplicate on the
 * envelope id (stable across re-deliveries) or on {@code sequence}, which strictly increases (with gaps) along the tenant's decisions.
 * Agents are named by their user id (the token's subject); groups by their skill-group code.
 */
public sealed interface CallEvent {

    /** Position of the decision in the tenant's history: strictly increasing, not dense. */
    long sequence();

    Instant at();

    /** The call came to the ACD for {@code group} with {@code priority} (higher first); offered, queued or rejected next. */
    record CallArrived(long sequence, CallId call, String group, int priority, Instant at) implements CallEvent {}

    /** The call waits in {@code group} (its own queue) with {@code priority} (higher first). */
    record CallQueued(long sequence, CallId call, String group, int priority, Instant at) implements CallEvent {}

    /** The call, still waiting, is now also offered to agents of {@code group}. */
    record CallOverflowed(long sequence, CallId call, String group, Instant at) implements CallEvent {}

    /** The call rings at {@code agent}. */
    record CallOffered(long sequence, CallId call, String agent, Instant at) implements CallEvent {}

    /** {@code agent} did not answer in time; the call waits again. */
    record CallRingTimedOut(long sequence, CallId call, String agent, Instant at) implements CallEvent {}

    record CallAnswered(long sequence, CallId call, String agent, Instant at) implements CallEvent {}

    /** A connected call ended (either side hung up). */
    record CallEnded(long sequence, CallId call, String agent, Instant at) implements CallEvent {}

    /** The caller hung up before an agent answered. */
    record CallAbandoned(long sequence, CallId call, Instant at) implements CallEvent {}

    /**
     * The tenant's wait limit reached the waiting call: {@code reason} {@code VOICEMAIL} (the caller left the queue to
     * leave a message) or {@code CALLBACK} (the caller hung up; the call keeps its place in the queue and the agent it
     * is offered to calls the caller back). Neither is an abandon.
     */
    record CallLeftQueue(long sequence, CallId call, String reason, Instant at) implements CallEvent {}

    /** The ACD refused the call ({@code reason}: {@code QUEUE_FULL}, {@code DUPLICATE_CALL}). */
    record CallRejected(long sequence, CallId call, String group, String reason, Instant at) implements CallEvent {}

    /** An agent's state changed ({@code reason} for {@code NOT_READY}). */
    record AgentStateChanged(long sequence, String agent, String from, String to, @Nullable String reason, Instant at)
            implements CallEvent {}

    /**
     * Blind transfer: {@code agent} sent the caller to {@code to} of kind {@code toKind} and left the call. Inside the
     * centre ({@code agent}: a user id, {@code group}: a skill-group code) the call rings there or waits in that group's
     * queue next; {@code number} is null and {@code sequence} is the ACD decision's. Out of the centre ({@code number}
     * or {@code city12345}, {@code to} as the agent named it) {@code number} is the canonical number dialled, which
     * answered; such an event is not from the ACD's history: {@code sequence} is 0, and the envelope id is derived from
     * the outbound call record, so a re-published event keeps its id.
     */
    record CallTransferred(
            long sequence, CallId call, String agent, String toKind, String to, @Nullable String number, Instant at)
            implements CallEvent {}

    /**
     * {@code agent} holds the caller and consults {@code to} ({@code toKind} {@code agent} or {@code group}); the
     * consultation runs as the call {@code consult} (its own offers and answer follow under that id).
     */
    record ConsultStarted(
            long sequence, CallId call, String agent, String toKind, String to, CallId consult, Instant at)
            implements CallEvent {}

    /**
     * The consultation ended: {@code COMPLETED} (the caller now talks to {@code target}), {@code CANCELLED} (back with
     * {@code agent}), {@code NO_ANSWER} / {@code ENDED} (the consulted side was not reached or left; the caller still
     * holds) or {@code CALLER_LEFT}.
     */
    record ConsultEnded(
            long sequence,
            CallId call,
            String agent,
            CallId consult,
            @Nullable String target,
            String outcome,
            Instant at)
            implements CallEvent {}

    /** {@code agent} sent key presses {@code digits} to the caller (RFC 4733). */
    record DtmfSent(long sequence, CallId call, String agent, String digits, Instant at) implements CallEvent {}

    /**
     * Three-way call: {@code agent}, who consulted {@code target} (the consultation {@code consult}, answered), joined
     * the caller to them; the caller, {@code agent} and {@code target} now all hear each other.
     */
    record ConferenceStarted(long sequence, CallId call, String agent, CallId consult, String target, Instant at)
            implements CallEvent {}

    /** The caller rated the call {@code score} (1-5) in the post-call satisfaction survey. */
    record SurveyAnswered(long sequence, CallId call, int score, Instant at) implements CallEvent {}
}
