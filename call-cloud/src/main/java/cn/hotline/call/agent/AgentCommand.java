package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentSkill;
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

    record SignOut() implements AgentCommand {}

    // ---- call control on a connected call (the live call) ----

    record Hold(CallId call) implements AgentCommand {}

    record Retrieve(CallId call) implements AgentCommand {}

    /** Blind transfer of the caller out of the centre: to a number or another city's 12345 (hC). */
    record TransferOut(CallId call, cn.hotline.call.session.ExternalTransfer.Target to) implements AgentCommand {}

    /** An outbound callback from the agent's browser: the number, the browser's WebRTC offer, the task (hC). */
    record Dial(String number, String sdp, java.util.@Nullable UUID callbackTask) implements AgentCommand {}

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
                case "signOut" -> new SignOut();
                case "hold" -> new Hold(CallId.parse(required(message, "callId")));
                case "retrieve" -> new Retrieve(CallId.parse(required(message, "callId")));
                case "transfer" -> transfer(message);
                case "dial" -> dial(message);
                case "dtmf", "consult", "conference" -> new NotYet(type, CallId.parse(required(message, "callId")));
                default ->
                    throw new Invalid(
                            "Unknown message type \"" + type
                                    + "\"; expected signIn, ready, notReady, answer, hangUp, signOut, hold,"
                                    + " retrieve, dtmf, transfer, consult or conference.",
                            false);
            };
        } catch (Invalid e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage() == null ? "The message is not valid." : e.getMessage(), false);
        }
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

    /** {@code transfer {callId, to: {kind, value}}}: kinds number and city12345 here; agent and group not yet. */
    private static AgentCommand transfer(JsonNode message) {
        CallId call = CallId.parse(required(message, "callId"));
        JsonNode to = message.get("to");
        if (to == null || !to.isObject()) {
            throw new Invalid("\"to\" is {\"kind\": number|city12345|agent|group, \"value\"}.", false);
        }
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
            case "agent", "group" -> new NotYet("transfer", call);
            default -> throw new Invalid("\"to.kind\" is number, city12345, agent or group.", false);
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
