package cn.hotline.call.ivr;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.prompt.PromptName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads an IVR tree's JSON document into an {@link IvrDefinition}, collecting every problem with the node and field it
 * concerns instead of stopping at the first:
 *
 * <pre>{@code
 * {"start": "welcome",
 *  "nodes": [
 *    {"id": "welcome", "type": "announcement", "prompt": "welcome", "next": "menu"},
 *    {"id": "menu", "type": "menu", "prompt": "menu", "choices": [{"digit": "1", "next": "pay"}],
 *     "timeoutSeconds": 5, "retries": 2, "invalidPrompt": "sys.invalid_input", "onFailure": "general"},
 *    {"id": "hours", "type": "workingHours", "open": "menu", "closed": "closed"},
 *    {"id": "today", "type": "holiday", "holiday": "closed", "otherwise": "menu"},
 *    {"id": "pay", "type": "queue", "group": "payment", "priority": 0},
 *    {"id": "general", "type": "queue"},
 *    {"id": "vm", "type": "voicemail", "prompt": "leave-message", "maxSeconds": 120},
 *    {"id": "rate", "type": "survey", "prompt": "survey", "timeoutSeconds": 8, "next": "bye"},
 *    {"id": "bye", "type": "hangup", "prompt": "sys.goodbye"}]}
 * }</pre>
 */
public final class IvrDocument {

    static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    static final int MAX_NODES = 200;
    private static final String DIGITS = "0123456789*#";

    /** The parsed definition (when the document's shape allowed one) and every problem found. */
    public record Parsed(@Nullable IvrDefinition definition, List<NodeError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "menu",
                    Set.of(
                            "id",
                            "type",
                            "prompt",
                            "choices",
                            "timeoutSeconds",
                            "retries",
                            "invalidPrompt",
                            "onFailure"),
            "announcement", Set.of("id", "type", "prompt", "next"),
            "workingHours", Set.of("id", "type", "open", "closed"),
            "holiday", Set.of("id", "type", "holiday", "otherwise"),
            "queue", Set.of("id", "type", "group", "priority"),
            "voicemail", Set.of("id", "type", "prompt", "maxSeconds"),
            "survey", Set.of("id", "type", "prompt", "timeoutSeconds", "next"),
            "hangup", Set.of("id", "type", "prompt"));

    private IvrDocument() {}

    public static Parsed parse(@Nullable JsonNode document) {
        List<NodeError> errors = new ArrayList<>();
        if (document == null || !document.isObject()) {
            errors.add(new NodeError("", "", "the definition is a JSON object with 'start' and 'nodes'"));
            return new Parsed(null, errors);
        }
        for (String field : document.propertyNames()) {
            if (!field.equals("start") && !field.equals("nodes")) {
                errors.add(new NodeError("", field, "unknown field; the definition has 'start' and 'nodes'"));
            }
        }
        JsonNode start = document.get("start");
        if (start == null || !start.isString() || start.stringValue().isBlank()) {
            errors.add(new NodeError("", "start", "'start' names the node where calls begin"));
        }
        JsonNode nodes = document.get("nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            errors.add(new NodeError("", "nodes", "'nodes' is a non-empty array of nodes"));
            return new Parsed(null, errors);
        }
        if (nodes.size() > MAX_NODES) {
            errors.add(new NodeError("", "nodes", "a tree has at most " + MAX_NODES + " nodes"));
            return new Parsed(null, errors);
        }
        Map<String, IvrNode> parsed = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode node : nodes) {
            String label = "nodes[" + index++ + "]";
            if (!node.isObject()) {
                errors.add(new NodeError(label, "", "a node is a JSON object"));
                continue;
            }
            JsonNode idNode = node.get("id");
            if (idNode == null
                    || !idNode.isString()
                    || !NODE_ID.matcher(idNode.stringValue()).matches()) {
                errors.add(new NodeError(label, "id", "a node needs an id of 1-48 of a-z 0-9 _ -"));
                continue;
            }
            String id = idNode.stringValue();
            if (!seen.add(id)) {
                errors.add(new NodeError(id, "id", "another node has the same id"));
                continue;
            }
            IvrNode result = node(id, node, new Fields(id, node, errors));
            if (result != null) {
                parsed.put(id, result);
            }
        }
        if (start == null || !start.isString() || parsed.isEmpty()) {
            return new Parsed(null, errors);
        }
        return new Parsed(new IvrDefinition(start.stringValue(), parsed), errors);
    }

    private static @Nullable IvrNode node(String id, JsonNode node, Fields f) {
        String type = f.text("type", true);
        if (type == null) {
            return null;
        }
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            f.error("type", "unknown type '" + type + "'; one of " + IvrNode.types());
            return null;
        }
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                f.error(field, "unknown field for a " + type + " node; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
        int before = f.errors.size();
        IvrNode result =
                switch (type) {
                    case "menu" ->
                        new IvrNode.Menu(
                                id,
                                f.prompt("prompt", true),
                                f.choices(),
                                Duration.ofSeconds(f.integer("timeoutSeconds", 5, 1, 60)),
                                f.integer("retries", 2, 0, 5),
                                f.optionalPrompt("invalidPrompt"),
                                f.target("onFailure"));
                    case "announcement" -> new IvrNode.Announcement(id, f.prompt("prompt", true), f.target("next"));
                    case "workingHours" -> new IvrNode.WorkingHours(id, f.target("open"), f.target("closed"));
                    case "holiday" -> new IvrNode.Holiday(id, f.target("holiday"), f.target("otherwise"));
                    case "queue" -> new IvrNode.Queue(id, f.group(), f.integer("priority", 0, 0, 9));
                    case "voicemail" ->
                        new IvrNode.Voicemail(
                                id,
                                f.prompt("prompt", true),
                                Duration.ofSeconds(f.integer("maxSeconds", 120, 10, 600)));
                    case "survey" ->
                        new IvrNode.Survey(
                                id,
                                f.prompt("prompt", true),
                                Duration.ofSeconds(f.integer("timeoutSeconds", 8, 1, 60)),
                                f.text("next", false));
                    case "hangup" -> new IvrNode.HangUp(id, f.optionalPrompt("prompt"));
                    default -> throw new IllegalStateException(type);
                };
        return f.errors.size() == before ? result : null;
    }

    /** Reads one node's fields, recording problems against it; returns placeholders where a field is bad. */
    private record Fields(String node, JsonNode json, List<NodeError> errors) {

        void error(String field, String message) {
            errors.add(new NodeError(node, field, message));
        }

        @Nullable
        String text(String field, boolean required) {
            JsonNode value = json.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    error(field, "'" + field + "' is required");
                }
                return null;
            }
            if (!value.isString() || value.stringValue().isBlank()) {
                error(field, "'" + field + "' must be a non-empty string");
                return null;
            }
            return value.stringValue();
        }

        String target(String field) {
            String value = text(field, true);
            return value == null ? "?" : value;
        }

        PromptName prompt(String field, boolean required) {
            PromptName prompt = optionalPrompt(field);
            if (prompt == null) {
                if (required && json.get(field) == null) {
                    error(field, "'" + field + "' names the prompt to play");
                }
                return PromptName.of("invalid");
            }
            return prompt;
        }

        @Nullable
        PromptName optionalPrompt(String field) {
            String value = text(field, false);
            if (value == null) {
                return null;
            }
            try {
                return PromptName.of(value);
            } catch (IllegalArgumentException e) {
                error(field, e.getMessage());
                return null;
            }
        }

        @Nullable
        SkillId group() {
            String value = text("group", false);
            if (value == null) {
                return null;
            }
            try {
                return SkillId.of(value);
            } catch (IllegalArgumentException e) {
                error("group", e.getMessage());
                return null;
            }
        }

        int integer(String field, int fallback, int min, int max) {
            JsonNode value = json.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber()
                    || !value.canConvertToInt()
                    || value.intValue() < min
                    || value.intValue() > max) {
                error(field, "'" + field + "' must be a whole number from " + min + " to " + max);
                return fallback;
            }
            return value.intValue();
        }

        List<IvrNode.Choice> choices() {
            JsonNode value = json.get("choices");
            if (value == null || !value.isArray() || value.isEmpty()) {
                error("choices", "a menu needs 'choices': [{\"digit\": \"1\", \"next\": \"node\"}, …]");
                return List.of();
            }
            List<IvrNode.Choice> choices = new ArrayList<>();
            Set<Character> digits = new HashSet<>();
            int i = 0;
            for (JsonNode choice : value) {
                String field = "choices[" + i++ + "]";
                JsonNode digit = choice.get("digit");
                JsonNode next = choice.get("next");
                if (digit == null
                        || !digit.isString()
                        || digit.stringValue().length() != 1
                        || DIGITS.indexOf(digit.stringValue().charAt(0)) < 0) {
                    error(field + ".digit", "a choice's digit is one of 0-9, * or #");
                    continue;
                }
                if (next == null || !next.isString() || next.stringValue().isBlank()) {
                    error(field + ".next", "a choice needs 'next', the node it leads to");
                    continue;
                }
                char d = digit.stringValue().charAt(0);
                if (!digits.add(d)) {
                    error(field + ".digit", "digit " + d + " is offered twice in this menu");
                    continue;
                }
                choices.add(new IvrNode.Choice(d, next.stringValue()));
            }
            return choices;
        }
    }
}
