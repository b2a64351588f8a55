package cn.hotline.call.messaging;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Internal messages over HTTP, for a tenant's agents, supervisors and admins (tenant-wide):
 *
 * <ul>
 *   <li>{@code GET /tenants/{t}/messages?with=&before=&limit=} — the caller's history, newest first, each with {@code
 *       read}, and {@code unread} (see {@link Messaging#history});
 *   <li>{@code POST /tenants/{t}/messages} {@code {to:{kind,value}, text}} — sends (201 with the message);
 *   <li>{@code POST /tenants/{t}/messages/read} {@code {ids}} — read marks; answers the ids marked.
 * </ul>
 */
@RestController
class MessageController {

    record Outgoing(@Nullable To to, @Nullable String text) {}

    record To(@Nullable String kind, @Nullable String value) {}

    record ReadMarks(@Nullable List<String> ids) {}

    private final Messaging messaging;

    MessageController(Messaging messaging) {
        this.messaging = messaging;
    }

    @GetMapping("/tenants/{tenant}/messages")
    Mono<Map<String, Object>> history(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String with,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(defaultValue = "50") int limit) {
        return member(tenant)
                .then(Callers.current())
                .flatMap(caller -> messaging.history(caller, with, before, limit))
                .map(history -> {
                    List<Map<String, Object>> messages = new ArrayList<>();
                    for (Messaging.Entry entry : history.messages()) {
                        Map<String, Object> message = message(entry.message());
                        message.put("read", entry.read());
                        messages.add(message);
                    }
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("messages", messages);
                    page.put("unread", history.unread());
                    return page;
                });
    }

    @PostMapping("/tenants/{tenant}/messages")
    Mono<org.springframework.http.ResponseEntity<Map<String, Object>>> send(
            @PathVariable String tenant, @RequestBody Outgoing outgoing) {
        Recipient recipient;
        try {
            To to = outgoing.to();
            if (to == null) {
                throw new IllegalArgumentException("A message needs \"to\": {\"kind\": agent|group|all, \"value\"}.");
            }
            recipient = Recipient.parse(to.kind(), to.value());
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
        }
        String text = outgoing.text() == null ? "" : outgoing.text();
        return member(tenant)
                .then(Callers.current())
                .flatMap(caller -> messaging.send(caller, recipient, text, "http-" + Uuids.v7()))
                .map(message ->
                        org.springframework.http.ResponseEntity.status(201).body(message(message)));
    }

    @PostMapping("/tenants/{tenant}/messages/read")
    Mono<Map<String, Object>> read(@PathVariable String tenant, @RequestBody ReadMarks marks) {
        List<UUID> ids = new ArrayList<>();
        try {
            for (String id : marks.ids() == null ? List.<String>of() : marks.ids()) {
                ids.add(UUID.fromString(id));
            }
        } catch (IllegalArgumentException e) {
            return Mono.error(
                    new ProblemException(ProblemCode.VALIDATION_FAILED, "\"ids\" holds message ids (UUIDs)."));
        }
        return member(tenant)
                .then(Callers.current())
                .flatMap(caller -> messaging.markRead(caller, ids, "http-" + Uuids.v7()))
                .map(marked -> Map.of("ids", marked.stream().map(UUID::toString).toList()));
    }

    private static Mono<?> member(String tenant) {
        return TenantRoles.require(tenant, Role.AGENT, Role.SUPERVISOR, Role.TENANT_ADMIN);
    }

    private static Map<String, Object> message(InternalMessage message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.id().toString());
        json.put("from", message.from());
        json.put("fromName", message.fromName());
        json.put("to", MessageFrames.to(message.to()));
        json.put("text", message.text());
        json.put("sentAt", message.sentAt().toString());
        return json;
    }
}
