package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.TransferTarget;
import cn.hotline.kernel.id.CallId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A message an agent's console sends over {@code /ws/agent}; {@link #parse} turns a text frame into one. */
sealed interface AgentCommand {

    /** Signs the agent in, enrolling it first if the ACD does not know it yet, with these skills or the defaults. */
    record SignIn(List<AgentSkill> skills) implements AgentCommand {
        public SignIn {
            skills = List.copyOf(skills);
        }
    }

    record Ready() implements AgentCommand {}

    record NotReady(String reason) implements AgentCommand {}

    /** Answers an offered call; with {@code sdp} (the browser's WebRTC offer) the agent's audio is connected too. */
    record Answer(CallId call, @Nullable String sdp) implements AgentCommand {}

    record HangUp(CallId call) implements AgentCommand {}

    /** Takes back a connected call after the agent's socket dropped, with the new browser session's WebRTC offer. */
    record Rejoin(CallId call, String sdp) implements AgentCommand {}

    record SignOut() implements AgentCommand {}

    /** Asks for the agent's current state (and its call, if any), so a reloaded console restores the desk. */
    record GetState() implements AgentCommand {}

    // ---- call control on a connected call (the live call) ----

    record Hold(CallId call) implements AgentCommand {}

    record Retrieve(CallId call) implements AgentCommand {}

    /** Blind transfer of the connected call to an agent or a skill group ({@code session.Transfers}). */
    record Transfer(CallId call, TransferTarget to) implements AgentCommand {}

    /** Holds the caller and consults an agent or a skill group. */
    record Consult(CallId call, TransferTarget to) implements AgentCommand {}

    record CompleteTransfer(CallId call) implements AgentCommand {}

    record CancelConsult(CallId call) implements AgentCommand {}

    /** Key presses sent to the caller (RFC 4733): 1-32 of 0-9, *, #, A-D. */
    record Dtmf(CallId call, String digits) implements AgentCommand {
        public Dtmf {
            if (digits == null || !digits.matches("[0-9*#A-D]{1,32}")) {
                throw new IllegalArgumentException("\"digits\" are 1-32 of 0-9, *, #, A-D.");
            }
        }
    }
    /** Blind transfer of the caller out of the centre: to a number or another city's 12345 (hC). */
    record TransferOut(CallId call, cn.hotline.call.session.ExternalTransfer.Target to) implements AgentCommand {}

    /** An outbound callback from the agent's browser: the number, the browser's WebRTC offer, the task (hC). */
    record Dial(String number, String sdp, java.util.@Nullable UUID callbackTask) implements AgentCommand {}

    /** Three-way call: the consulting agent joins its caller to the consulted agent (who answered). */
    record Conference(CallId call) implements AgentCommand {}

    /** A call-control command the server cannot carry out yet: answered {@code NOT_SUPPORTED_YET}, never ignored. */
    record NotYet(String type, CallId call) implements AgentCommand {}

    /** A frame that is not a valid command; answered with an {@code error} message, the socket stays open. */
    final class Invalid extends IllegalArgumentException {
        private final boolean unreadable;

        Invalid(String message, boolean unreadable) {
            super(message);
            this.unreadable = unreadable;
        }

        /** Not JSON at all (as opposed to JSON that is not a valid command). */
        boolean unreadable() {
            return unreadable;
        }
    }

    /**
     * The optional {@code requestId} a command carries (1-64 characters), echoed in its reply; null when absent or
     * unusable (the command is still answered, without it).
     */
    static @Nullable String requestId(JsonMapper json, String frame) {
        try {
            JsonNode message = json.readTree(frame);
            String id = message == null || !message.isObject() ? null : text(message, "requestId");
            return id == null || id.isEmpty() || id.length() > 64 ? null : id;
        } catch (JacksonException e) {
            return null;
        }
    }

    static AgentCommand parse(JsonMapper json, String frame) {
        JsonNode message;
        try {
            message = json.readTree(frame);
        } catch (JacksonException e) {
            throw new Invalid("The message is not JSON.", true);
        }
        if (message == null || !message.isObject()) {
            throw new Invalid("A message is a JSON object with a \"type\".", true);
        }
        String type = text(message, "type");
        if (type == null) {
            throw new Invalid("A message needs a \"type\".", false);
        }
        try {
            return switch (type) {
                case "signIn" -> new SignIn(skills(message.get("skills")));
                case "ready" -> new Ready();
                case "notReady" -> new NotReady(required(message, "reason"));
                case "answer" -> new Answer(CallId.parse(required(message, "callId")), sdp(message));
                case "hangUp" -> new HangUp(CallId.parse(required(message, "callId")));
                case "rejoin" -> new Rejoin(CallId.parse(required(message, "callId")), requiredSdp(message));
                case "signOut" -> new SignOut();
                case "getState" -> new GetState();
                case "hold" -> new Hold(CallId.parse(required(message, "callId")));
                case "retrieve" -> new Retrieve(CallId.parse(required(message, "callId")));
                case "transfer", "consult" -> {
                    CallId call = CallId.parse(required(message, "callId"));
                    JsonNode where = message.get("to");
                    if ("transfer".equals(type) && outside(where)) {
                        yield transferOut(call, java.util.Objects.requireNonNull(where));
                    }
                    TransferTarget to = target(where);
                    if (to == null) {
                        yield new NotYet(type, call); // consulting a number or another city's 12345: not yet
                    }
                    yield "transfer".equals(type) ? new Transfer(call, to) : new Consult(call, to);
                }
                case "completeTransfer" -> new CompleteTransfer(CallId.parse(required(message, "callId")));
                case "cancelConsult" -> new CancelConsult(CallId.parse(required(message, "callId")));
                case "dtmf" -> new Dtmf(CallId.parse(required(message, "callId")), required(message, "digits"));
                case "conference" -> new Conference(CallId.parse(required(message, "callId")));
                case "dial" -> dial(message);
                default ->
                    throw new Invalid(
                            "Unknown message type \"" + type
                                    + "\"; expected signIn, ready, notReady, answer, hangUp, signOut, getState,"
                                    + " hold, retrieve, rejoin, dtmf, transfer, consult, completeTransfer, cancelConsult,"
                                    + " conference or dial.",
                            false);
            };
        } catch (Invalid e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage() == null ? "The message is not valid." : e.getMessage(), false);
        }
    }

    /**
     * {@code to: {kind: agent|group, value}}; null for the kinds handled elsewhere ({@code number}, {@code city12345}).
     */
    private static @Nullable TransferTarget target(@Nullable JsonNode to) {
        if (to == null || !to.isObject()) {
            throw new Invalid("This message needs \"to\": {\"kind\": \"agent\"|\"group\", \"value\"}.", false);
        }
        String kind = required(to, "kind");
        String value = required(to, "value");
        return switch (kind) {
            case "agent" -> new TransferTarget(TransferTarget.Kind.AGENT, value);
            case "group" -> new TransferTarget(TransferTarget.Kind.GROUP, value);
            case "number", "city12345" -> null;
            default -> throw new Invalid("\"to.kind\" is agent, group, number or city12345.", false);
        };
    }

    /** {@code dial {number, sdp, callbackTaskId?}}. */
    private static AgentCommand dial(JsonNode message) {
        String number = required(message, "number");
        if (number.length() > 32) {
            throw new Invalid("\"number\" takes at most 32 characters.", false);
        }
        String sdp = sdp(message);
        if (sdp == null) {
            throw new Invalid("\"sdp\" (the browser's WebRTC offer) is required to dial.", false);
        }
        String task = text(message, "callbackTaskId");
        java.util.UUID callbackTask;
        try {
            callbackTask = task == null ? null : java.util.UUID.fromString(task);
        } catch (IllegalArgumentException e) {
            throw new Invalid("\"callbackTaskId\" is a callback task id.", false);
        }
        return new Dial(number, sdp, callbackTask);
    }

    /** Whether {@code to} sends the caller out of the centre: kinds {@code number} and {@code city12345}. */
    private static boolean outside(@Nullable JsonNode to) {
        if (to == null || !to.isObject() || to.get("kind") == null) {
            return false;
        }
        String kind = to.get("kind").asString();
        return "number".equals(kind) || "city12345".equals(kind);
    }

    /** {@code transfer {callId, to: {kind: number|city12345, value}}}: out of the centre (session.ExternalTransfer). */
    private static AgentCommand transferOut(CallId call, JsonNode to) {
        String kind = required(to, "kind");
        return switch (kind) {
            case "number" ->
                new TransferOut(
                        call,
                        new cn.hotline.call.session.ExternalTransfer.Target(
                                cn.hotline.call.session.ExternalTransfer.Kind.NUMBER, required(to, "value")));
            case "city12345" ->
                new TransferOut(
                        call,
                        new cn.hotline.call.session.ExternalTransfer.Target(
                                cn.hotline.call.session.ExternalTransfer.Kind.CITY12345, required(to, "value")));
            default -> throw new IllegalStateException("not a transfer out of the centre: " + kind);
        };
    }

    /** The browser's WebRTC offer of an {@code answer}, when it carries one (at most 64 kB). */
    private static @Nullable String sdp(JsonNode message) {
        JsonNode sdp = message.get("sdp");
        if (sdp == null || sdp.isNull()) {
            return null;
        }
        if (!sdp.isString()
                || !sdp.stringValue().startsWith("v=0")
                || sdp.stringValue().length() > 65_536) {
            throw new Invalid("\"sdp\" is the browser's WebRTC offer (an SDP text starting with v=0).", false);
        }
        return sdp.stringValue();
    }

    private static String requiredSdp(JsonNode message) {
        String sdp = sdp(message);
        if (sdp == null) {
            throw new Invalid("This message needs \"sdp\" (the browser's WebRTC offer).", false);
        }
        return sdp;
    }

    private static List<AgentSkill> skills(@Nullable JsonNode skills) {
        if (skills == null || skills.isNull()) {
            return List.of();
        }
        if (!skills.isArray()) {
            throw new Invalid("\"skills\" is a list of {\"skill\", \"level\"}.", false);
        }
        List<AgentSkill> parsed = new ArrayList<>();
        for (JsonNode skill : skills) {
            JsonNode level = skill.get("level");
            if (level == null || !level.isInt()) {
                throw new Invalid("Each skill needs an integer \"level\" from 1 to 10.", false);
            }
            parsed.add(AgentSkill.of(required(skill, "skill"), level.intValue()));
        }
        return parsed;
    }

    private static String required(JsonNode message, String field) {
        String value = text(message, field);
        if (value == null || value.isBlank()) {
            throw new Invalid("This message needs \"" + field + "\".", false);
        }
        return value;
    }

    private static @Nullable String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
