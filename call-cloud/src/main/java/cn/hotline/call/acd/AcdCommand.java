package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.acd.domain.TransferTarget;
import cn.hotline.kernel.id.CallId;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One use case of a tenant's ACD as data, so that it runs on the tenant's writer wherever that writer lives: applied
 * directly on the instance holding the lease, or sent to it ({@link AcdRemote}). {@link #apply} returns what the
 * caller gets: nothing, an offer, a routing or an agent snapshot.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AcdCommand.Enrol.class, name = "enrol"),
    @JsonSubTypes.Type(value = AcdCommand.SignIn.class, name = "signIn"),
    @JsonSubTypes.Type(value = AcdCommand.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = AcdCommand.NotReady.class, name = "notReady"),
    @JsonSubTypes.Type(value = AcdCommand.SignOut.class, name = "signOut"),
    @JsonSubTypes.Type(value = AcdCommand.Arrive.class, name = "arrive"),
    @JsonSubTypes.Type(value = AcdCommand.Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = AcdCommand.Hold.class, name = "hold"),
    @JsonSubTypes.Type(value = AcdCommand.Retrieve.class, name = "retrieve"),
    @JsonSubTypes.Type(value = AcdCommand.HangUp.class, name = "hangUp"),
    @JsonSubTypes.Type(value = AcdCommand.Abandon.class, name = "abandon"),
    @JsonSubTypes.Type(value = AcdCommand.Inspect.class, name = "inspect"),
    @JsonSubTypes.Type(value = AcdCommand.Overview.class, name = "overview"),
    @JsonSubTypes.Type(value = AcdCommand.Configure.class, name = "configure"),
    @JsonSubTypes.Type(value = AcdCommand.Position.class, name = "position"),
    @JsonSubTypes.Type(value = AcdCommand.CallerLeft.class, name = "callerLeft"),
    @JsonSubTypes.Type(value = AcdCommand.LeaveQueue.class, name = "leaveQueue"),
    @JsonSubTypes.Type(value = AcdCommand.Transfer.class, name = "transfer"),
    @JsonSubTypes.Type(value = AcdCommand.Consult.class, name = "consult"),
    @JsonSubTypes.Type(value = AcdCommand.CompleteTransfer.class, name = "completeTransfer"),
    @JsonSubTypes.Type(value = AcdCommand.CancelConsult.class, name = "cancelConsult"),
    @JsonSubTypes.Type(value = AcdCommand.Note.class, name = "note"),
    @JsonSubTypes.Type(value = AcdCommand.OutboundStarted.class, name = "outboundStarted"),
    @JsonSubTypes.Type(value = AcdCommand.OutboundEnded.class, name = "outboundEnded")
})
sealed interface AcdCommand {

    /** Runs the command on the writer's ACD; the result is one of {@link AcdReply}'s shapes, or null. */
    @Nullable
    Object apply(Acd acd);

    record Enrol(AgentId agent, List<AgentSkill> skills) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.enrol(agent, skills);
            return null;
        }
    }

    record SignIn(AgentId agent) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.signIn(agent);
            return null;
        }
    }

    /** Emits the call offered to the agent at once, if one was waiting. */
    record Ready(AgentId agent) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.ready(agent).orElse(null);
        }
    }

    record NotReady(AgentId agent, String reason) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.notReady(agent, reason);
            return null;
        }
    }

    record SignOut(AgentId agent) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.signOut(agent);
            return null;
        }
    }

    record Arrive(CallId call, SkillId group, int priority) implements AcdCommand {
        @Override
        public CallRouting apply(Acd acd) {
            return acd.arrive(call, group, priority);
        }
    }

    record Answer(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.answer(agent, call);
            return null;
        }
    }

    record Hold(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.hold(agent, call);
            return null;
        }
    }

    record Retrieve(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.retrieve(agent, call);
            return null;
        }
    }

    /** Emits the next call offered to the freed agent, if any. */
    record HangUp(CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.hangUp(call).orElse(null);
        }
    }

    /** Emits the call then offered to the agent the abandoned call rang at, if any. */
    record Abandon(CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.abandon(call).orElse(null);
        }
    }

    /** Reads an agent as the writer sees it; null when it is not enrolled. */
    record Inspect(AgentId agent) implements AcdCommand {
        @Override
        public Acd.@Nullable AgentSnapshot apply(Acd acd) {
            return acd.agent(agent).map(Acd.AgentSnapshot::of).orElse(null);
        }
    }

    /** Every agent and queue of the tenant as the writer sees them now. */
    record Overview(java.time.Instant at) implements AcdCommand {
        @Override
        public AcdOverview apply(Acd acd) {
            return AcdOverview.of(acd, at);
        }
    }

    /** The tenant changed its settings: the ACD behaves by them from now on. */
    record Configure(long ringTimeoutMillis, long afterCallWorkMillis, int maxQueueLength, String overflow)
            implements AcdCommand {
        static Configure of(cn.hotline.call.acd.domain.AcdSettings settings) {
            return new Configure(
                    settings.ringTimeout().toMillis(),
                    settings.afterCallWork().toMillis(),
                    settings.maxQueueLength(),
                    AcdSettingsCodec.overflow(settings));
        }

        @Override
        public @Nullable Object apply(Acd acd) {
            acd.reconfigure(
                    AcdSettingsCodec.settings(ringTimeoutMillis, afterCallWorkMillis, maxQueueLength, overflow));
            return null;
        }
    }

    /** Where a waiting call stands; null when it is not waiting. */
    record Position(CallId call) implements AcdCommand {
        @Override
        public Acd.@Nullable QueuePosition apply(Acd acd) {
            return acd.position(call).orElse(null);
        }
    }

    /**
     * The caller hung up: a connected call ends as {@link HangUp}, a waiting or ringing one is abandoned — one command,
     * so the choice cannot race with an agent's answer. Emits the call then offered to the freed agent, if any.
     */
    record CallerLeft(CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.call(call)
                    .flatMap(snapshot -> snapshot.status() == cn.hotline.call.acd.domain.CallSnapshot.Status.CONNECTED
                            ? acd.hangUp(call)
                            : acd.abandon(call))
                    .orElse(null);
        }
    }

    /** The tenant's wait limit reached a waiting call: emits whether it applied (false: not waiting any more). */
    record LeaveQueue(CallId call, Acd.LeaveReason reason) implements AcdCommand {
        @Override
        public Boolean apply(Acd acd) {
            return acd.leaveQueue(call, reason);
        }
    }

    /** Blind transfer of the agent's connected call; emits the offer it made, if any. */
    record Transfer(AgentId agent, CallId call, TransferTarget to) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.transfer(agent, call, to).orElse(null);
        }
    }

    /** The agent holds its caller and consults {@code to} as the ACD call {@code consult}; emits its offer, if any. */
    record Consult(AgentId agent, CallId call, TransferTarget to, CallId consult) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.consult(agent, call, to, consult).orElse(null);
        }
    }

    /** Hands the caller to the consulted agent; emits that agent as the writer sees it now. */
    record CompleteTransfer(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public Acd.AgentSnapshot apply(Acd acd) {
            AgentId target = acd.completeTransfer(agent, call);
            return Acd.AgentSnapshot.of(acd.agent(target).orElseThrow());
        }
    }

    /** Ends the consultation and gives the caller back to the agent; emits the freed agent's next offer, if any. */
    record CancelConsult(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.cancelConsult(agent, call).orElse(null);
        }
    }

    /** Records a call-control action (DTMF sent, survey answered) in the tenant's decisions, for records and events. */
    record Note(CallId call, @Nullable AgentId agent, String kind, String detail) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.note(call, agent, kind, detail);
            return null;
        }
    }

    /** The agent dials out ({@code call} is the outbound call): TALKING in the ACD until {@link OutboundEnded}. */
    record OutboundStarted(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            acd.outboundStarted(agent, call);
            return null;
        }
    }

    /** The agent's outbound call ended: after-call work; emits the offer made when no wrap-up time is set. */
    record OutboundEnded(AgentId agent, CallId call) implements AcdCommand {
        @Override
        public @Nullable Object apply(Acd acd) {
            return acd.outboundEnded(agent, call).orElse(null);
        }
    }
}
