package cn.hotline.ticket.ticket;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.ticket.ticket.domain.AttachmentRef;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketOpened;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ledger events to and from their stored form: JSON for everything but the citizen of {@link TicketOpened}, which is
 * sealed with the tenant's {@link PersonalDataCipher} and stored apart, so no personal data sits in clear in the
 * ledger or leaves on an event topic.
 */
@Component
final class LedgerCodec {

    private static final Map<String, Class<? extends TicketEvent>> TYPES = Arrays.stream(
                    TicketEvent.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(TicketEvent.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final JsonMapper json;
    private final PersonalDataCipher cipher;

    LedgerCodec(JsonMapper json, PersonalDataCipher cipher) {
        this.json = json;
        this.cipher = cipher;
    }

    /** The event as JSON without personal data. */
    ObjectNode payload(TicketEvent event) {
        ObjectNode node = (ObjectNode) json.valueToTree(event);
        node.remove("citizen");
        return node;
    }

    String payloadText(TicketEvent event) {
        return json.writeValueAsString(payload(event));
    }

    /**
     * The event's details for people: {@code field：value} pairs, identifiers unwrapped ({@code {"value": x}} → x),
     * lists joined, empty fields left out; no personal data (as {@link #payload}).
     */
    String readable(TicketEvent event) {
        StringBuilder out = new StringBuilder();
        for (var field : payload(event).properties()) {
            String value = flat(field.getValue());
            if (value.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("；");
            }
            out.append(field.getKey()).append("：").append(value);
        }
        return out.toString();
    }

    private static String flat(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isObject() && node.size() == 1 && node.has("value")) {
            return flat(node.get("value"));
        }
        if (node.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            node.forEach(item -> {
                String text = flat(item);
                if (!text.isEmpty()) {
                    items.add(text);
                }
            });
            return String.join("、", items);
        }
        if (node.isObject()) {
            return node.toString();
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** The sealed citizen of an opening event; null for every other event. */
    byte @Nullable [] personal(TenantId tenant, TicketEvent event) {
        return event instanceof TicketOpened opened
                ? cipher.seal(tenant, json.writeValueAsString(opened.citizen()))
                : null;
    }

    TicketEvent event(TenantId tenant, String type, String payload, byte @Nullable [] personal) {
        Class<? extends TicketEvent> kind = TYPES.get(type);
        if (kind == null) {
            throw new IllegalStateException("unknown ledger event type " + type);
        }
        ObjectNode node = (ObjectNode) json.readTree(payload);
        if (kind == TicketOpened.class) {
            if (personal == null) {
                throw new IllegalStateException("the opening entry has no sealed citizen");
            }
            JsonNode citizen = json.readTree(cipher.open(tenant, personal));
            node.set("citizen", citizen);
        }
        return json.treeToValue(node, kind);
    }

    String attachments(List<AttachmentRef> attachments) {
        return json.writeValueAsString(attachments);
    }

    List<AttachmentRef> attachments(String text) {
        return json.readValue(text, new TypeReference<List<AttachmentRef>>() {});
    }

    Citizen citizen(TenantId tenant, byte[] sealed) {
        return json.readValue(cipher.open(tenant, sealed), Citizen.class);
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }
}
