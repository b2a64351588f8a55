package cn.hotline.call.messaging;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The message part of the agent and supervisor sockets' protocol. Commands: {@code {"type":"message", "to":{"kind":
 * "agent"|"group"|"all", "value"}, "text"}} (answered with the stored {@code message}) and {@code {"type":
 * "messagesRead", "ids":[..]}} (answered with {@code messagesRead {reader, ids}}). Pushes: {@code message {id, from,
 * fromName, to, text, sentAt}} to everyone who may see it, and {@code messagesRead {reader, ids}} to the reader's other
 * sockets and to the senders. A bad command is answered with an {@code error} frame (problem code and message), the
 * socket stays open.
 */
public final class MessageFrames {

    private static final Logger log = LoggerFactory.getLogger(MessageFrames.class);

    private final Messaging messaging;
    private final JsonMapper json;

    MessageFrames(Messaging messaging, JsonMapper json) {
        this.messaging = messaging;
        this.json = json;
    }

    /** Whether {@code frame} is a message command (a JSON object whose type is {@code message} or {@code messagesRead}). */
    public boolean handles(String frame) {
        String type = type(frame);
        return "message".equals(type) || "messagesRead".equals(type);
    }

    /**
     * Runs a message command of {@code caller} sent on the socket {@code origin}: the reply frame, or an {@code error}
     * frame ({@code code}, {@code message}), either echoing the command's {@code requestId}. Never fails.
     */
    public Mono<String> command(Caller caller, String origin, String frame) {
        @Nullable String requestId = requestId(frame);
        return execute(caller, origin, frame)
                .onErrorResume(failure -> Mono.just(error(failure)))
                .map(reply -> requestId == null ? reply : withRequestId(reply, requestId));
    }

    private Mono<String> execute(Caller caller, String origin, String frame) {
        return Mono.defer(() -> {
            JsonNode command = json.readTree(frame);
            if ("message".equals(text(command, "type"))) {
                JsonNode to = command.get("to");
                if (to == null || !to.isObject()) {
                    return Mono.error(invalid("A message needs \"to\": {\"kind\": agent|group|all, \"value\"}."));
                }
                Recipient recipient;
                try {
                    recipient = Recipient.parse(text(to, "kind"), text(to, "value"));
                } catch (IllegalArgumentException e) {
                    return Mono.error(invalid(e.getMessage()));
                }
                String body = text(command, "text");
                return messaging
                        .send(caller, recipient, body == null ? "" : body, origin)
                        .map(this::message);
            }
            JsonNode ids = command.get("ids");
            if (ids == null || !ids.isArray()) {
                return Mono.error(invalid("\"messagesRead\" needs \"ids\": a list of message ids."));
            }
            List<UUID> parsed = new ArrayList<>();
            for (JsonNode id : ids) {
                try {
                    parsed.add(UUID.fromString(id.isString() ? id.stringValue() : ""));
                } catch (IllegalArgumentException e) {
                    return Mono.error(invalid("\"ids\" holds message ids (UUIDs)."));
                }
            }
            return messaging.markRead(caller, parsed, origin).map(marked -> read(caller.subject(), marked));
        });
    }

    /** The frames to push to {@code viewer}'s socket {@code origin}, for as long as it is subscribed. */
    public Flux<String> pushes(Caller viewer, String origin) {
        return messaging.inbox(viewer, origin).map(event -> switch (event) {
            case MessageEvent.Sent sent -> message(sent.message());
            case MessageEvent.Read read -> read(read.reader(), read.ids());
        });
    }

    private String error(Throwable failure) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        if (failure instanceof ProblemException problem) {
            frame.put("code", problem.code().name());
            frame.put("message", problem.detail());
        } else {
            log.warn("Message command failed", failure);
            frame.put("code", ProblemCode.INTERNAL_ERROR.name());
            frame.put("message", "The message command failed; try again.");
        }
        return json.writeValueAsString(frame);
    }

    private String withRequestId(String reply, String requestId) {
        ObjectNode node = (ObjectNode) json.readTree(reply);
        node.put("requestId", requestId);
        return json.writeValueAsString(node);
    }

    private @Nullable String requestId(String frame) {
        try {
            JsonNode node = json.readTree(frame);
            String id = node != null && node.isObject() ? text(node, "requestId") : null;
            return id == null || id.isEmpty() || id.length() > 64 ? null : id;
        } catch (JacksonException e) {
            return null;
        }
    }

    String message(InternalMessage message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.put("id", message.id().toString());
        frame.put("from", message.from());
        if (message.fromName() != null) {
            frame.put("fromName", message.fromName());
        }
        frame.put("to", to(message.to()));
        frame.put("text", message.text());
        frame.put("sentAt", message.sentAt().toString());
        return json.writeValueAsString(frame);
    }

    static Map<String, Object> to(Recipient recipient) {
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("kind", recipient.kind().wire());
        if (recipient.value() != null) {
            to.put("value", recipient.value());
        }
        return to;
    }

    private String read(String reader, List<UUID> ids) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "messagesRead");
        frame.put("reader", reader);
        frame.put("ids", ids.stream().map(UUID::toString).toList());
        return json.writeValueAsString(frame);
    }

    private @Nullable String type(String frame) {
        try {
            JsonNode node = json.readTree(frame);
            return node != null && node.isObject() ? text(node, "type") : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static ProblemException invalid(@Nullable String message) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED, message == null ? "The message command is not valid." : message);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
