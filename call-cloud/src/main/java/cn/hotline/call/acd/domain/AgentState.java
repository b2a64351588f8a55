package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;

/** Where an agent is in the state machine; {@link Agent} allows only the documented transitions. */
public sealed interface AgentState {

    /** The stable name reports and the database use. */
    String code();

    record LoggedOut() implements AgentState {
        @Override
        public String code() {
            return "LOGGED_OUT";
        }
    }

    record Ready() implements AgentState {
        @Override
        public String code() {
            return "READY";
        }
    }

    /** Signed in but not taking calls (示忙), with the reason the agent or the ACD gave. */
    record NotReady(String reason) implements AgentState {
        public NotReady {
            if (reason == null || reason.isBlank() || reason.length() > 64) {
                throw new IllegalArgumentException("a not-ready reason needs 1-64 characters");
            }
        }

        @Override
        public String code() {
            return "NOT_READY";
        }
    }

    /** A call is ringing at the agent's phone until {@code ringDeadline}. */
    record Offered(CallId call, Instant ringDeadline) implements AgentState {
        @Override
        public String code() {
            return "OFFERED";
        }
    }

    record Talking(CallId call) implements AgentState {
        @Override
        public String code() {
            return "TALKING";
        }
    }

    record OnHold(CallId call) implements AgentState {
        @Override
        public String code() {
            return "ON_HOLD";
        }
    }

    /** Wrap-up after a call (话后处理); the agent becomes ready by itself at {@code until}. */
    record AfterCallWork(CallId call, Instant until) implements AgentState {
        @Override
        public String code() {
            return "AFTER_CALL_WORK";
        }
    }

    AgentState LOGGED_OUT = new LoggedOut();
    AgentState READY = new Ready();
}
