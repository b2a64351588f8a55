package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Where the reply-result SMS of a closed ticket goes (workforce-service's SMS module reads it; ticket events carry no
 * personal data): {@code GET /internal/tenants/{t}/tickets/{id}/reply-contact} with the platform's internal token
 * (kernel security: {@code /internal/**}). Answers the citizen's number when it can receive an SMS — a mainland
 * mobile number — and {@code smsConsent}: true, because the intake records no opt-out yet; 404 for a ticket the
 * tenant does not have, and for a landline or foreign number (no SMS can reach it).
 */
@RestController
final class InternalReplyContactController {

    /** 11 digits starting 13–19: the mobile numbers of the mainland carriers. */
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private final TicketManagement tickets;

    InternalReplyContactController(TicketManagement tickets) {
        this.tickets = tickets;
    }

    /** The contact, as {@code {"phone": "13800138000", "smsConsent": true}}. */
    record ReplyContact(String phone, boolean smsConsent) {}

    @GetMapping("/internal/tenants/{tenant}/tickets/{id}/reply-contact")
    Mono<ReplyContact> replyContact(@PathVariable String tenant, @PathVariable String id) {
        return Mono.fromCallable(() -> TenantContext.of(TenantId.of(tenant)))
                .onErrorMap(IllegalArgumentException.class, e -> notFound(id))
                .zipWith(Mono.fromCallable(() -> UUID.fromString(id))
                        .onErrorMap(IllegalArgumentException.class, e -> notFound(id)))
                .flatMap(found -> tickets.find(found.getT1(), found.getT2()))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(ticket -> {
                    String phone = ticket.opened().citizen().phone();
                    return MOBILE.matcher(phone).matches()
                            ? Mono.just(new ReplyContact(phone, true))
                            : Mono.error(new ProblemException(
                                    ProblemCode.NOT_FOUND, "Ticket " + id + " has no number an SMS can reach."));
                });
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + id + ".");
    }
}
