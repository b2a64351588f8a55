package cn.hotline.ticket.city;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's field mapping between our message shape and its city platform's, as configuration (JSON) rather than
 * code: {@code {"inbound": {"cityTicketNo": "caseNo", "callerPhone": "caller.tel"}, "outbound": {"caseNo":
 * "cityTicketNo", "opinion": "data.text"}}}. Inbound maps each of our fields to a dotted path in the city's message
 * (unmapped fields are read under our own name); outbound builds the city's message from dotted paths into ours (no
 * entries: our message goes out as it is).
 *
 * @param inbound our field → the city's dotted path
 * @param outbound the city's field → our dotted path
 */
public record FieldMapping(Map<String, String> inbound, Map<String, String> outbound) {

    private static final Pattern PATH =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}");

    public static final FieldMapping IDENTITY = new FieldMapping(Map.of(), Map.of());

    public FieldMapping {
        inbound = checked("inbound", inbound);
        outbound = checked("outbound", outbound);
    }

    private static Map<String, String> checked(String side, Map<String, String> entries) {
        if (entries == null) {
            return Map.of();
        }
        entries.forEach((key, path) -> {
            if (key == null
                    || path == null
                    || !PATH.matcher(key).matches()
                    || !PATH.matcher(path).matches()) {
                throw new CityFields.InvalidField(
                        "mapping." + side, "entries map a field name to a dotted path of field names (a.b.c)");
            }
        });
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reads a JSON mapping document; an empty or missing one is the identity. */
    public static FieldMapping of(JsonNode document) {
        if (document == null || document.isNull() || document.isMissingNode()) {
            return IDENTITY;
        }
        if (!document.isObject()) {
            throw new CityFields.InvalidField("mapping", "must be an object with inbound and outbound");
        }
        return new FieldMapping(
                strings("inbound", document.path("inbound")), strings("outbound", document.path("outbound")));
    }

    private static Map<String, String> strings(String side, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new CityFields.InvalidField("mapping." + side, "must be an object of field → path");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw new CityFields.InvalidField("mapping." + side + "." + entry.getKey(), "must be a string path");
            }
            entries.put(entry.getKey(), entry.getValue().stringValue());
        }
        return entries;
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode in = root.putObject("inbound");
        inbound.forEach(in::put);
        ObjectNode out = root.putObject("outbound");
        outbound.forEach(out::put);
        return root;
    }

    /** The city's message in our shape: mapped fields read from their paths, everything else as it came. */
    public ObjectNode toOurs(ObjectNode theirs) {
        if (inbound.isEmpty()) {
            return theirs;
        }
        ObjectNode ours = theirs.deepCopy();
        inbound.forEach((field, path) -> {
            JsonNode value = theirs.at(pointer(path));
            if (!value.isMissingNode()) {
                ours.set(field, value);
            }
        });
        return ours;
    }

    /** The name the city uses for one of our inbound fields, for problem details the city can act on. */
    public String theirName(String ourField) {
        return inbound.getOrDefault(ourField, ourField);
    }

    /** Our outbound message in the city's shape. */
    public ObjectNode toTheirs(ObjectNode ours) {
        if (outbound.isEmpty()) {
            return ours;
        }
        ObjectNode theirs = JsonNodeFactory.instance.objectNode();
        outbound.forEach((field, path) -> {
            JsonNode value = ours.at(pointer(path));
            if (!value.isMissingNode()) {
                theirs.set(field, value);
            }
        });
        return theirs;
    }

    private static String pointer(String path) {
        return "/" + path.replace('.', '/');
    }
}
