package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.ticket.knowledge.KnowledgeCitations;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.AttachmentRef;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Satisfaction;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.UnitCode;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /tenants/{t}/tickets}: intake and the centre's steps, the units' steps, reading a ticket and its case file.
 * Every step answers the ticket after it; a step the state refuses is 409 {@code ILLEGAL_TRANSITION} naming the
 * state and the command; a stale {@code version} is 409 {@code CONFLICT}; bad input 400 {@code VALIDATION_FAILED}.
 */
@RestController
final class TicketController {

    private final TicketManagement tickets;
    private final TicketQueries queries;
    private final LedgerCodec codec;
    private final KnowledgeCitations citations;
    private final TicketTransactions transactions;
    private final org.springframework.beans.factory.ObjectProvider<TicketCalls> calls;

    TicketController(
            TicketManagement tickets,
            TicketQueries queries,
            LedgerCodec codec,
            KnowledgeCitations citations,
            TicketTransactions transactions,
            org.springframework.beans.factory.ObjectProvider<TicketCalls> calls) {
        this.calls = calls;
        this.tickets = tickets;
        this.queries = queries;
        this.codec = codec;
        this.citations = citations;
        this.transactions = transactions;
    }

    /** Cites a knowledge-base entry in the ticket's answer: {@code entryId}, optionally the ticket's {@code version}. */
    record CitationBody(@Nullable String entryId, @Nullable Integer version) {}

    record CitizenBody(@Nullable String name, @Nullable String phone, @Nullable String contact) {}

    record CreateBody(
            @Nullable String channel,
            @Nullable String kind,
            @Nullable String category,
            @Nullable String urgency,
            @Nullable Boolean confidential,
            @Nullable CitizenBody citizen,
            @Nullable String content,
            @Nullable String address,
            @Nullable String area,
            @Nullable List<String> calls) {}

    /** The body of every step; each step reads the fields it needs. */
    record StepBody(
            @Nullable Integer version,
            @Nullable String text,
            @Nullable Boolean approved,
            @Nullable String unit,
            @Nullable List<String> coUnits,
            @Nullable Integer workingDays,
            @Nullable String satisfaction,
            @Nullable String call,
            @Nullable String target,
            @Nullable List<AttachmentRef> attachments) {

        static final StepBody EMPTY = new StepBody(null, null, null, null, null, null, null, null, null, null);
    }

    record BatchReplyBody(@Nullable List<String> tickets, @Nullable String text) {}

    record BatchOutcome(String ticket, String outcome, @Nullable String code, @Nullable String detail) {}

    record LedgerView(
            int seq,
            Instant at,
            String type,
            String actor,
            String actorKind,
            @Nullable String actorUnit,
            JsonNode details,
            List<AttachmentRef> attachments) {}

    @PostMapping("/tenants/{tenant}/tickets")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TicketView> create(@PathVariable String tenant, @RequestBody CreateBody body) {
        return TicketAccess.centre(tenant, TicketAccess.INTAKE).flatMap(grant -> valid(() -> newTicket(body))
                .flatMap(request -> tickets.open(grant.context(), request, grant.actor(), null))
                .map(t -> TicketView.of(t, false)));
    }

    @GetMapping("/tenants/{tenant}/tickets")
    Flux<TicketQueries.Summary> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer limit) {
        return TicketAccess.read(tenant)
                .flatMapMany(grant -> queries.list(grant.context(), status, limit == null ? 50 : limit));
    }

    @GetMapping("/tenants/{tenant}/tickets/{id}")
    Mono<TicketView> get(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.read(tenant).flatMap(grant -> uuid(id).flatMap(uuid -> tickets.find(grant.context(), uuid))
                .flatMap(t -> {
                    TicketView view = TicketView.of(t, grant.actor().kind() == Actor.Kind.UNIT);
                    TicketCalls known = calls.getIfAvailable();
                    return known == null || t.calls().isEmpty()
                            ? Mono.just(view)
                            : known.describe(grant.context(), t.calls())
                                    .collectList()
                                    .map(view::withCalls);
                }));
    }

    @GetMapping("/tenants/{tenant}/tickets/{id}/ledger")
    Flux<LedgerView> ledger(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.read(tenant)
                .flatMapMany(grant -> uuid(id).flatMap(uuid -> tickets.ledger(grant.context(), uuid))
                        .flatMapMany(Flux::fromIterable)
                        .map(this::ledgerView));
    }

    // ---- the centre's steps

    @PostMapping("/tenants/{tenant}/tickets/{id}/answer")
    Mono<TicketView> answer(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, true, b -> new TicketCommand.AnswerDirectly(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/review")
    Mono<TicketView> review(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.SendForReview(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/dispatch")
    Mono<TicketView> dispatch(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(
                tenant,
                id,
                body,
                false,
                b -> new TicketCommand.Dispatch(
                        unit(b.unit(), "unit"),
                        (b.coUnits() == null ? List.<String>of() : b.coUnits())
                                .stream().map(u -> unit(u, "coUnits")).toList(),
                        text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/return-review")
    Mono<TicketView> returnReview(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.ReviewReturn(approved(b), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/extension-review")
    Mono<TicketView> extensionReview(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.ReviewExtension(approved(b), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/result-review")
    Mono<TicketView> resultReview(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.ReviewResult(approved(b), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/suspend")
    Mono<TicketView> suspend(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.Suspend(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/resume")
    Mono<TicketView> resume(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.Resume(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/urge")
    Mono<TicketView> urge(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.Urge(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/supervise")
    Mono<TicketView> supervise(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.Supervise(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/callback")
    Mono<TicketView> callback(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(
                tenant,
                id,
                body,
                true,
                b -> new TicketCommand.Callback(enumOf(Satisfaction.class, b.satisfaction(), "satisfaction"), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/close")
    Mono<TicketView> close(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(tenant, id, body, false, b -> new TicketCommand.Close(text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/archive")
    Mono<TicketView> archive(
            @PathVariable String tenant,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable StepBody body) {
        return centre(tenant, id, body == null ? StepBody.EMPTY : body, false, b -> new TicketCommand.Archive());
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/calls")
    Mono<TicketView> linkCall(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return centre(
                tenant, id, body, true, b -> new TicketCommand.LinkCall(CallId.parse(required(b.call(), "call"))));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/merge")
    Mono<TicketView> merge(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return TicketAccess.centre(tenant, TicketAccess.CENTRE).flatMap(grant -> uuid(id).zipWith(valid(
                        () -> TicketId.parse(required(body.target(), "target")).value()))
                .flatMap(ids -> valid(() -> text(body))
                        .flatMap(note ->
                                tickets.merge(grant.context(), ids.getT1(), ids.getT2(), note, grant.actor(), null)))
                .map(t -> TicketView.of(t, false)));
    }

    // ---- the units' steps

    @PostMapping("/tenants/{tenant}/tickets/{id}/sign-for")
    Mono<TicketView> signFor(
            @PathVariable String tenant,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable StepBody body) {
        return unit(tenant, id, body == null ? StepBody.EMPTY : body, b -> new TicketCommand.SignFor());
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/return")
    Mono<TicketView> requestReturn(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return unit(tenant, id, body, b -> new TicketCommand.RequestReturn(text(b), b.attachments()));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/extension")
    Mono<TicketView> extension(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return unit(
                tenant,
                id,
                body,
                b -> new TicketCommand.RequestExtension(
                        b.workingDays() == null ? 0 : b.workingDays(), text(b), b.attachments()));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/transfer")
    Mono<TicketView> transfer(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return unit(tenant, id, body, b -> new TicketCommand.Transfer(unit(b.unit(), "unit"), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/second-level")
    Mono<TicketView> secondLevel(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return unit(tenant, id, body, b -> new TicketCommand.DispatchSecondLevel(unit(b.unit(), "unit"), text(b)));
    }

    @PostMapping("/tenants/{tenant}/tickets/{id}/reply")
    Mono<TicketView> reply(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return unit(tenant, id, body, b -> new TicketCommand.Reply(text(b), b.attachments()));
    }

    /** A note: a unit's (co-handler input) when the caller is narrowed to a unit, otherwise the centre's. */
    @PostMapping("/tenants/{tenant}/tickets/{id}/notes")
    Mono<TicketView> note(@PathVariable String tenant, @PathVariable String id, @RequestBody StepBody body) {
        return cn.hotline.kernel.security.Callers.current()
                .map(c -> c.scope().filter(ScopeUnit::isHandlingUnit).isPresent())
                .defaultIfEmpty(false)
                .flatMap(isUnit -> isUnit
                        ? unit(tenant, id, body, b -> new TicketCommand.AddNote(text(b), b.attachments()))
                        : centre(tenant, id, body, true, b -> new TicketCommand.AddNote(text(b), b.attachments())));
    }

    /**
     * Cites a published knowledge-base entry (R-KB-3): the citation is recorded for the entry (and counts in its hot
     * ranking) and its text — title, entry, version, the words cited — becomes a note in the ticket's ledger, in one
     * transaction. A unit's user cites as the unit, everyone else as the centre.
     */
    @PostMapping("/tenants/{tenant}/tickets/{id}/citations")
    Mono<TicketView> cite(@PathVariable String tenant, @PathVariable String id, @RequestBody CitationBody body) {
        return cn.hotline.kernel.security.Callers.current()
                .map(c -> c.scope().filter(ScopeUnit::isHandlingUnit).isPresent())
                .defaultIfEmpty(false)
                .flatMap(isUnit -> (isUnit
                                ? TicketAccess.unit(tenant)
                                : TicketAccess.centre(tenant, TicketAccess.INTAKE))
                        .flatMap(grant -> uuid(id).zipWith(entryId(body.entryId()))
                                .flatMap(ids -> transactions.run(
                                        grant.context(),
                                        citations
                                                .cite(
                                                        cn.hotline.kernel.id.TenantId.of(tenant),
                                                        ids.getT2(),
                                                        new cn.hotline.kernel.id.TicketId(ids.getT1()),
                                                        grant.actor().id())
                                                .flatMap(citation -> tickets.handle(
                                                        grant.context(),
                                                        ids.getT1(),
                                                        new TicketCommand.AddNote(citation.text(), List.of()),
                                                        grant.actor(),
                                                        body.version(),
                                                        null))))
                                .map(t -> TicketView.of(t, isUnit))));
    }

    /** 批量答复: one reply to several tickets; each succeeds or fails on its own. */
    @PostMapping("/tenants/{tenant}/tickets/batch-reply")
    Flux<BatchOutcome> batchReply(@PathVariable String tenant, @RequestBody BatchReplyBody body) {
        return TicketAccess.unit(tenant).flatMapMany(grant -> valid(() -> {
                    List<String> ids = body.tickets() == null ? List.of() : body.tickets();
                    if (ids.isEmpty() || ids.size() > 100) {
                        throw new IllegalArgumentException("tickets must name 1-100 tickets");
                    }
                    return new TicketCommand.Reply(required(body.text(), "text"), List.of());
                })
                .flatMapMany(command -> Flux.fromIterable(body.tickets()).concatMap(id -> uuid(id).flatMap(
                                uuid -> tickets.handle(grant.context(), uuid, command, grant.actor(), null, null))
                        .map(t -> new BatchOutcome(id, "REPLIED", null, null))
                        .onErrorResume(
                                ProblemException.class,
                                e -> Mono.just(
                                        new BatchOutcome(id, "REFUSED", e.code().name(), e.detail()))))));
    }

    // ---- helpers

    private Mono<TicketView> centre(
            String tenant, String id, StepBody body, boolean intakeRoles, Function<StepBody, TicketCommand> command) {
        return TicketAccess.centre(tenant, intakeRoles ? TicketAccess.INTAKE : TicketAccess.CENTRE)
                .flatMap(grant -> step(grant, id, body, command, false));
    }

    private Mono<TicketView> unit(String tenant, String id, StepBody body, Function<StepBody, TicketCommand> command) {
        return TicketAccess.unit(tenant).flatMap(grant -> step(grant, id, body, command, true));
    }

    private Mono<TicketView> step(
            TicketAccess.Grant grant,
            String id,
            StepBody body,
            Function<StepBody, TicketCommand> command,
            boolean forUnit) {
        return uuid(id).zipWith(valid(() -> command.apply(body)))
                .flatMap(
                        p -> tickets.handle(grant.context(), p.getT1(), p.getT2(), grant.actor(), body.version(), null))
                .map(t -> TicketView.of(t, forUnit));
    }

    private LedgerView ledgerView(LedgerEntry e) {
        return new LedgerView(
                e.seq(),
                e.at(),
                e.event().type(),
                e.actor().id(),
                e.actor().kind().name(),
                e.actor().unit() == null ? null : e.actor().unit().value(),
                codec.payload(e.event()),
                e.attachments());
    }

    private static NewTicket newTicket(CreateBody b) {
        CitizenBody c = b.citizen();
        if (c == null) {
            throw new IllegalArgumentException("citizen is required");
        }
        return new NewTicket(
                enumOf(Channel.class, b.channel(), "channel"),
                enumOf(RequestKind.class, b.kind(), "kind"),
                required(b.category(), "category"),
                b.urgency() == null ? Urgency.NORMAL : enumOf(Urgency.class, b.urgency(), "urgency"),
                Boolean.TRUE.equals(b.confidential()),
                NewTicket.citizen(c.name(), required(c.phone(), "citizen.phone"), c.contact()),
                required(b.content(), "content"),
                b.address(),
                b.area(),
                (b.calls() == null ? List.<String>of() : b.calls())
                        .stream().map(CallId::parse).toList(),
                null);
    }

    private static String text(StepBody b) {
        return required(b.text(), "text");
    }

    private static boolean approved(StepBody b) {
        if (b.approved() == null) {
            throw new IllegalArgumentException("approved is required (true or false)");
        }
        return b.approved();
    }

    private static UnitCode unit(@Nullable String code, String field) {
        return UnitCode.of(required(code, field));
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, @Nullable String value, String field) {
        try {
            return Enum.valueOf(type, required(value, field).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + List.of(type.getEnumConstants()));
        }
    }

    static <T> Mono<T> valid(Supplier<T> build) {
        try {
            return Mono.just(build.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    e.getMessage() == null ? "invalid input" : e.getMessage(),
                    Map.of()));
        }
    }

    private static Mono<UUID> entryId(@Nullable String text) {
        try {
            return Mono.just(UUID.fromString(String.valueOf(text)));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "'entryId' must be the id of a knowledge-base entry.",
                    java.util.Map.of("field", "entryId")));
        }
    }

    private static Mono<UUID> uuid(String text) {
        try {
            return Mono.just(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + text + "."));
        }
    }
}
