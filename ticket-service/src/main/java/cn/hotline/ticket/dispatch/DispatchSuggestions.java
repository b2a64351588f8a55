package cn.hotline.ticket.dispatch;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.dispatch.domain.UnitClassifier;
import cn.hotline.ticket.ticket.TicketAccess;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.TicketTransactions;
import cn.hotline.ticket.ticket.domain.Ticket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /tenants/{t}/tickets/{id}/suggested-units}: the three most likely units for a ticket, from a model
 * trained on the tenant's own finished tickets (dispatched, answered through a unit, not answered directly; the label
 * is the main unit that saw it through). {@code GET /tenants/{t}/dispatch-model}: how many tickets it learnt from and
 * its top-1 / top-3 accuracy on held-out tickets (every fifth, by opening time). The model is trained per tenant
 * from its newest 5,000 finished tickets and kept for 10 minutes. A suggestion only: dispatching stays a person's
 * step.
 */
@RestController
final class DispatchSuggestions {

    private static final int FOLD = 5;
    private static final Duration KEEP = Duration.ofMinutes(10);

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final TicketManagement tickets;
    private final Map<TenantId, Mono<Model>> models = new ConcurrentHashMap<>();

    DispatchSuggestions(DatabaseClient db, TicketTransactions tx, TicketManagement tickets) {
        this.db = db;
        this.tx = tx;
        this.tickets = tickets;
    }

    record Model(UnitClassifier classifier, UnitClassifier.Evaluation evaluation) {}

    record Suggested(String ticket, List<UnitClassifier.Suggestion> units, int learntFrom) {}

    @GetMapping("/tenants/{tenant}/tickets/{id}/suggested-units")
    Mono<Suggested> suggest(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.centre(tenant, TicketAccess.CENTRE).flatMap(grant -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + id + "."));
            }
            TenantId t = grant.caller().tenant();
            return tickets.find(grant.context(), uuid).zipWith(model(t)).map(pair -> {
                Ticket ticket = pair.getT1();
                UnitClassifier model = pair.getT2().classifier();
                return new Suggested(
                        id,
                        model.suggest(
                                ticket.opened().category(),
                                ticket.opened().area(),
                                ticket.opened().content(),
                                3),
                        model.examples());
            });
        });
    }

    @GetMapping("/tenants/{tenant}/dispatch-model")
    Mono<UnitClassifier.Evaluation> evaluation(@PathVariable String tenant) {
        return TicketAccess.centre(tenant, TicketAccess.CENTRE)
                .flatMap(grant -> model(grant.caller().tenant()))
                .map(Model::evaluation);
    }

    private Mono<Model> model(TenantId tenant) {
        return models.computeIfAbsent(tenant, t -> examples(t)
                .publishOn(Schedulers.boundedElastic())
                .map(all -> new Model(UnitClassifier.train(all), UnitClassifier.evaluate(all, FOLD)))
                .cache(m -> KEEP, e -> Duration.ZERO, () -> Duration.ZERO));
    }

    /** Finished tickets handled by a unit, oldest first; their content comes from the ledger's opening entry. */
    private Mono<List<UnitClassifier.Example>> examples(TenantId tenant) {
        TenantContext context = TenantContext.of(tenant);
        return tx.run(
                        context,
                        db.sql("SELECT id FROM ticket WHERE main_unit IS NOT NULL AND NOT direct_answer"
                                        + " AND answered_at IS NOT NULL ORDER BY opened_at DESC LIMIT 5000")
                                .map(row -> Objects.requireNonNull(row.get("id", UUID.class)))
                                .all()
                                .collectList())
                .flatMap(ids -> reactor.core.publisher.Flux.fromIterable(ids.reversed())
                        .concatMap(id -> tickets.find(context, id))
                        .filter(t -> t.mainUnit() != null)
                        .map(t -> new UnitClassifier.Example(
                                t.opened().category(),
                                t.opened().area(),
                                t.opened().content(),
                                Objects.requireNonNull(t.mainUnit()).value()))
                        .collectList());
    }
}
