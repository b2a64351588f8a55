package cn.hotline.call.routing;

import cn.hotline.call.ivr.IvrAction;
import cn.hotline.call.ivr.IvrInput;
import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.ivr.IvrSession;
import cn.hotline.call.ivr.NodeError;
import cn.hotline.call.ivr.TenantCalendar;
import cn.hotline.call.ivr.TenantCalendars;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routing of each tenant: stores its rules (validated: lists and trees they name must exist), is the {@link
 * CallRouter} the SIP side asks, and simulates what would happen to a call.
 */
public final class RoutingManagement implements CallRouter {

    public record RulesView(
            @Nullable Integer revision, @Nullable Instant updatedAt, @Nullable String updatedBy, JsonNode document) {}

    /** The answer of the simulator. */
    public record Simulation(
            String calledNumber,
            String callerNumber,
            @Nullable String callerRegion,
            Instant at,
            boolean workingHours,
            boolean holiday,
            Decision entry,
            @Nullable IvrRun ivr,
            Decision outcome,
            List<String> why) {}

    /** One routing decision: the action, the rule that chose it and why. */
    public record Decision(
            String action,
            @Nullable String group,
            @Nullable Integer priority,
            @Nullable String tree,
            @Nullable String reason,
            String rule,
            List<String> why) {}

    public record IvrRun(
            String tree,
            int version,
            List<IvrSession.Step> path,
            List<String> choices,
            List<String> unusedChoices,
            String ended) {}

    private static final int MAX_SIMULATION_STEPS = 500;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final IvrManagement ivr;
    private final TenantCalendars calendars;
    private final JsonMapper json;
    private final Clock clock;

    public RoutingManagement(
            DatabaseClient db,
            TransactionalOperator tx,
            IvrManagement ivr,
            TenantCalendars calendars,
            JsonMapper json,
            Clock clock) {
        this.db = db;
        this.tx = tx;
        this.ivr = ivr;
        this.calendars = calendars;
        this.json = json;
        this.clock = clock;
    }

    // ---- rules ------------------------------------------------------------------------------------------------

    public Mono<RulesView> rules(TenantId tenant) {
        return inTenant(
                        tenant,
                        db.sql("SELECT document::text, revision, updated_at, updated_by FROM routing_rules")
                                .map(row -> new RulesView(
                                        row.get(1, Integer.class),
                                        toInstant(row.get(2, OffsetDateTime.class)),
                                        row.get(3, String.class),
                                        json.readTree(String.valueOf(row.get(0, String.class)))))
                                .one())
                .switchIfEmpty(Mono.fromSupplier(() -> new RulesView(
                        null,
                        null,
                        null,
                        json.readTree("{\"rules\": [], \"default\": {\"action\": \"ivr\", \"tree\": \"main\"},"
                                + " \"defaultQueue\": {\"group\": \"general\", \"priority\": 0}}"))));
    }

    /** Replaces the tenant's rules; refused with every problem ({@code errors}) and nothing changed when unsound. */
    public Mono<RulesView> replace(TenantId tenant, String document, String by) {
        JsonNode node;
        try {
            node = json.readTree(document);
        } catch (JacksonException e) {
            return Mono.error(new ProblemException(ProblemCode.MALFORMED_REQUEST, "The rules are not JSON."));
        }
        RoutingRules.Parsed parsed = RoutingRules.parse(node);
        Mono<List<NodeError>> errors = parsed.rules() == null
                ? Mono.just(parsed.errors())
                : ivr.publishedTrees(tenant).map(published -> {
                    List<NodeError> missing = new ArrayList<>();
                    for (String tree : new java.util.TreeSet<>(parsed.rules().trees())) {
                        if (!published.contains(tree)) {
                            missing.add(new NodeError("", "tree", "IVR tree '" + tree + "' has no published version"));
                        }
                    }
                    return missing;
                });
        return errors.flatMap(found -> {
            if (!found.isEmpty()) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "The routing rules have " + found.size() + " problem(s); see errors (node, field, message).",
                        Map.of("errors", found)));
            }
            return inTenant(
                            tenant,
                            db.sql(
                                            """
                            INSERT INTO routing_rules (tenant_id, document, revision, updated_at, updated_by)
                            VALUES (app_tenant(), $1::jsonb, 1, $2, $3)
                            ON CONFLICT (tenant_id) DO UPDATE SET document = excluded.document,
                                revision = routing_rules.revision + 1, updated_at = excluded.updated_at,
                                updated_by = excluded.updated_by
                            """)
                                    .bind(0, document)
                                    .bind(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                                    .bind(2, by)
                                    .fetch()
                                    .rowsUpdated())
                    .then(rules(tenant));
        });
    }

    private Mono<RoutingRules> stored(TenantId tenant) {
        return inTenant(
                        tenant,
                        db.sql("SELECT document::text FROM routing_rules")
                                .map(row -> String.valueOf(row.get(0, String.class)))
                                .one())
                .map(text -> {
                    RoutingRules.Parsed parsed = RoutingRules.parse(json.readTree(text));
                    if (parsed.rules() == null) {
                        throw new IllegalStateException(
                                "stored routing rules of " + tenant + " no longer parse: " + parsed.errors());
                    }
                    return parsed.rules();
                })
                .defaultIfEmpty(RoutingRules.none());
    }

    // ---- the router -------------------------------------------------------------------------------------------

    @Override
    public Mono<RouteDecision> arrive(CallFacts facts) {
        return Mono.zip(stored(facts.tenant()), calendars.of(facts.tenant()))
                .flatMap(both -> decide(
                        facts,
                        both.getT1(),
                        both.getT2(),
                        both.getT1().evaluate(RoutingRules.Pass.ARRIVAL, facts, both.getT2(), List.of())));
    }

    @Override
    public Mono<RouteDecision> afterIvr(CallFacts facts, IvrAction.QueueCall queued) {
        if (queued.group() != null) {
            return Mono.just(new RouteDecision.Queue(
                    queued.group(),
                    queued.priority(),
                    new RouteDecision.Matched("ivr", List.of("the IVR's queue node names group " + queued.group()))));
        }
        return Mono.zip(stored(facts.tenant()), calendars.of(facts.tenant()))
                .flatMap(both -> decide(
                        facts,
                        both.getT1(),
                        both.getT2(),
                        both.getT1().evaluate(RoutingRules.Pass.AFTER_IVR, facts, both.getT2(), queued.choices())));
    }

    private Mono<RouteDecision> decide(
            CallFacts facts, RoutingRules rules, TenantCalendar calendar, RoutingRules.Match match) {
        RouteDecision.Matched matched = new RouteDecision.Matched(
                match.rule() == null ? "default" : match.rule().name(), match.why());
        return switch (match.action()) {
            case RoutingRules.Action.Queue q -> Mono.just(new RouteDecision.Queue(q.group(), q.priority(), matched));
            case RoutingRules.Action.Voicemail v -> Mono.just(new RouteDecision.Voicemail(matched));
            case RoutingRules.Action.Reject r -> Mono.just(new RouteDecision.Reject(r.reason(), matched));
            case RoutingRules.Action.Ivr i ->
                ivr.current(facts.tenant(), i.tree())
                        .<RouteDecision>map(version -> new RouteDecision.RunIvr(version, calendar, matched))
                        .switchIfEmpty(Mono.fromSupplier(() -> {
                            // a tree removed or never published must not strand the call: the default queue takes it
                            List<String> why = new ArrayList<>(matched.why());
                            why.add("IVR tree '" + i.tree() + "' has no published version: defaultQueue");
                            return new RouteDecision.Queue(
                                    rules.defaultQueue().group(),
                                    rules.defaultQueue().priority(),
                                    new RouteDecision.Matched(matched.rule(), why));
                        }));
        };
    }

    // ---- the simulator ----------------------------------------------------------------------------------------

    /**
     * What would happen to a call: the first decision, the IVR path (prompts finish, the given digits are pressed
     * when a menu waits, a menu without more digits times out), and where the call ends up, with reasons.
     */
    public Mono<Simulation> simulate(
            TenantId tenant, String calledNumber, String callerNumber, Instant at, List<String> digits) {
        CallFacts facts;
        try {
            facts = new CallFacts(tenant, calledNumber, callerNumber, at);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
        }
        for (String digit : digits) {
            if (digit == null || digit.length() != 1 || "0123456789*#".indexOf(digit.charAt(0)) < 0) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "ivrChoices are single keys 0-9, * or #, not '" + digit + "'"));
            }
        }
        if (digits.size() > 50) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "at most 50 ivrChoices"));
        }
        return calendars.of(tenant).flatMap(calendar -> arrive(facts).flatMap(entry -> {
            if (!(entry instanceof RouteDecision.RunIvr run)) {
                return Mono.just(simulation(facts, calendar, entry, null, entry));
            }
            Clock frozen = Clock.fixed(at, ZoneOffset.UTC);
            IvrSession session = run.session(frozen);
            Deque<Character> keys = new ArrayDeque<>();
            digits.forEach(d -> keys.add(d.charAt(0)));
            IvrAction end = drive(session, keys);
            List<String> unused = keys.stream().map(String::valueOf).toList();
            IvrRun ivrRun = new IvrRun(
                    run.version().tree(),
                    run.version().version(),
                    session.path(),
                    session.choices(),
                    unused,
                    end.getClass().getSimpleName());
            Mono<RouteDecision> outcome =
                    switch (end) {
                        case IvrAction.QueueCall q -> afterIvr(facts, q);
                        case IvrAction.TakeVoicemail v ->
                            Mono.just(new RouteDecision.Voicemail(
                                    new RouteDecision.Matched("ivr", List.of("the IVR ends in voicemail"))));
                        default ->
                            Mono.just(new RouteDecision.Reject(
                                    "hung up by the IVR",
                                    new RouteDecision.Matched("ivr", List.of("the IVR hangs up: " + end))));
                    };
            return outcome.map(o -> simulation(facts, calendar, entry, ivrRun, o));
        }));
    }

    private static IvrAction drive(IvrSession session, Deque<Character> keys) {
        Deque<IvrAction> pending = new ArrayDeque<>(session.on(new IvrInput.Started()));
        for (int steps = 0; steps < MAX_SIMULATION_STEPS && !pending.isEmpty(); steps++) {
            IvrAction action = pending.poll();
            if (session.ended() && pending.isEmpty()) {
                return java.util.Objects.requireNonNull(session.outcome());
            }
            switch (action) {
                case IvrAction.Play play -> pending.addAll(session.on(new IvrInput.PromptFinished(play.id())));
                case IvrAction.CollectDigit collect ->
                    pending.addAll(
                            keys.isEmpty()
                                    ? session.on(new IvrInput.Timeout(collect.id()))
                                    : session.on(new IvrInput.Digit(keys.poll())));
                default -> {
                    // StopPlaying, survey results: nothing to answer
                }
            }
        }
        IvrAction outcome = session.outcome();
        return outcome != null
                ? outcome
                : new IvrAction.HangUp("the simulation stopped after " + MAX_SIMULATION_STEPS + " steps");
    }

    private static Simulation simulation(
            CallFacts facts,
            TenantCalendar calendar,
            RouteDecision entry,
            @Nullable IvrRun ivr,
            RouteDecision outcome) {
        List<String> why = new ArrayList<>();
        why.add("entry: rule '" + entry.matched().rule() + "' ("
                + String.join("; ", entry.matched().why()) + ")");
        if (ivr != null) {
            why.add("IVR '" + ivr.tree() + "' version " + ivr.version() + " with choices " + ivr.choices());
            why.add("outcome: rule '" + outcome.matched().rule() + "' ("
                    + String.join("; ", outcome.matched().why()) + ")");
        }
        return new Simulation(
                facts.calledNumber(),
                facts.callerNumber(),
                facts.callerRegion().orElse(null),
                facts.at(),
                calendar.isWorkingTime(facts.at()),
                calendar.isHoliday(facts.at()),
                decision(entry),
                ivr,
                decision(outcome),
                why);
    }

    private static Decision decision(RouteDecision decision) {
        String rule = decision.matched().rule();
        List<String> why = decision.matched().why();
        return switch (decision) {
            case RouteDecision.Queue q -> new Decision("QUEUE", q.group().value(), q.priority(), null, null, rule, why);
            case RouteDecision.RunIvr r ->
                new Decision("IVR", null, null, r.version().tree(), null, rule, why);
            case RouteDecision.Voicemail v -> new Decision("VOICEMAIL", null, null, null, null, rule, why);
            case RouteDecision.Reject r -> new Decision("REJECT", null, null, null, r.reason(), rule, why);
        };
    }

    private <T> Mono<T> inTenant(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private static @Nullable Instant toInstant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
