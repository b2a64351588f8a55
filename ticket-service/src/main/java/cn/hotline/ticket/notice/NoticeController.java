package cn.hotline.ticket.notice;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.ticket.TicketAccess;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{t}/notices?unit=&unread=&limit=} and {@code POST /tenants/{t}/notices/{id}/read}: ticket
 * readers; a unit's user sees its unit's notices only.
 */
@RestController
final class NoticeController {

    private final Notices notices;

    NoticeController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/tenants/{tenant}/notices")
    Flux<Notice> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String unit,
            @RequestParam(required = false) @Nullable Boolean unread,
            @RequestParam(required = false) @Nullable Integer limit) {
        return TicketAccess.read(tenant)
                .flatMapMany(grant ->
                        notices.list(grant.context(), unit, Boolean.TRUE.equals(unread), limit == null ? 50 : limit));
    }

    @PostMapping("/tenants/{tenant}/notices/{id}/read")
    Mono<Notice> read(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.read(tenant).flatMap(grant -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No notice " + id + "."));
            }
            return notices.markRead(grant.context(), uuid, grant.actor().id());
        });
    }
}
