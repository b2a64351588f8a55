package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.knowledge.assistant.Answer;
import cn.hotline.ticket.knowledge.search.Hit;
import cn.hotline.ticket.knowledge.search.SearchQuery;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The knowledge base's HTTP API under {@code /tenants/{tenant}/knowledge}. */
@RestController
final class KnowledgeController {

    private final KnowledgeBase base;
    private final KnowledgeSearch search;
    private final KnowledgeCitations citations;
    private final KnowledgeAssistant assistant;
    private final UnitQuestions questions;

    KnowledgeController(
            KnowledgeBase base,
            KnowledgeSearch search,
            KnowledgeCitations citations,
            KnowledgeAssistant assistant,
            UnitQuestions questions) {
        this.base = base;
        this.search = search;
        this.citations = citations;
        this.assistant = assistant;
        this.questions = questions;
    }

    record EntryBody(
            @Nullable String kind,
            @Nullable String title,
            @Nullable String body,
            @Nullable List<String> tags,
            @Nullable String category,
            @Nullable String tier,
            @Nullable String scopeUnit,
            @Nullable String unitCode,
            @Nullable List<Contact> contacts,
            @Nullable LocalDate validFrom,
            @Nullable LocalDate validTo) {

        EntryContent content() {
            return new EntryContent(
                    parse(EntryKind.class, kind == null ? "ARTICLE" : kind, "kind"),
                    title == null ? "" : title,
                    body == null ? "" : body,
                    tags,
                    category,
                    parse(Tier.class, tier == null ? "TENANT" : tier, "tier"),
                    scopeUnit,
                    unitCode,
                    contacts,
                    validFrom,
                    validTo);
        }
    }

    record StepBody(@Nullable String note) {}

    record CiteBody(@Nullable String ticketId) {}

    record CategoryBody(@Nullable String path) {}

    record AskBody(@Nullable String question) {}

    record ModelBody(@Nullable String endpoint, @Nullable String model, @Nullable String apiKey) {}

    record QuestionBody(@Nullable String unitCode, @Nullable String question, @Nullable String category) {}

    record AnswerBody(@Nullable String answer) {}

    record SearchResult(String query, int count, List<Hit> hits) {}

    static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": one of " + List.of(type.getEnumConstants()));
        }
    }

    static ProblemException invalid(Throwable e) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED, e.getMessage() == null ? "invalid input" : e.getMessage());
    }

    static <T> Mono<T> valid(Supplier<T> build) {
        try {
            return Mono.just(build.get());
        } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
            return Mono.error(invalid(e));
        }
    }

    static Mono<UUID> id(String text) {
        try {
            return Mono.just(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return notFound("entry");
        }
    }

    static <T> Mono<T> notFound(String what) {
        return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such " + what + "."));
    }

    @GetMapping("/tenants/{tenant}/knowledge/search")
    Mono<SearchResult> search(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable LocalDate on,
            @RequestParam(defaultValue = "10") int limit) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> valid(() -> new SearchQuery(
                        q == null ? "" : q,
                        category,
                        kind == null
                                ? null
                                : parse(EntryKind.class, kind, "kind").name(),
                        on == null ? search.today() : on,
                        limit))
                .flatMap(query ->
                        search.search(caller, query).map(hits -> new SearchResult(query.text(), hits.size(), hits))));
    }

    @PostMapping("/tenants/{tenant}/knowledge/entries")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Entry> create(@PathVariable String tenant, @RequestBody EntryBody body) {
        return KnowledgeAccess.reader(tenant)
                .flatMap(caller -> valid(body::content).flatMap(content -> base.create(caller, content)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/entries")
    Flux<Entry> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String category) {
        return KnowledgeAccess.reader(tenant).flatMapMany(caller -> valid(() -> new Object[] {
                    status == null ? null : parse(EntryStatus.class, status, "status"),
                    kind == null ? null : parse(EntryKind.class, kind, "kind")
                })
                .flatMapMany(parsed -> base.list(caller, (EntryStatus) parsed[0], (EntryKind) parsed[1], category)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/entries/{id}")
    Mono<Entry> get(@PathVariable String tenant, @PathVariable String id) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> id(id).flatMap(entry -> base.get(caller, entry))
                .switchIfEmpty(notFound("entry"))
                .flatMap(entry -> entry.status() == EntryStatus.PUBLISHED
                        ? search.viewed(caller, entry.id()).thenReturn(entry)
                        : Mono.just(entry)));
    }

    @PutMapping("/tenants/{tenant}/knowledge/entries/{id}")
    Mono<Entry> edit(@PathVariable String tenant, @PathVariable String id, @RequestBody EntryBody body) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> id(id).flatMap(
                        entry -> valid(body::content).flatMap(content -> base.edit(caller, entry, content)))
                .switchIfEmpty(notFound("entry")));
    }

    @PostMapping("/tenants/{tenant}/knowledge/entries/{id}/{step:submit|approve|reject|take-off|put-back}")
    Mono<Entry> step(
            @PathVariable String tenant,
            @PathVariable String id,
            @PathVariable String step,
            @RequestBody(required = false) @Nullable StepBody body) {
        WorkflowStep parsed = parse(WorkflowStep.class, step, "step");
        return KnowledgeAccess.reader(tenant).flatMap(caller -> id(id).flatMap(
                        entry -> base.step(caller, entry, parsed, body == null ? null : body.note()))
                .switchIfEmpty(notFound("entry")));
    }

    @GetMapping("/tenants/{tenant}/knowledge/entries/{id}/history")
    Flux<EntryVersion> history(@PathVariable String tenant, @PathVariable String id) {
        return KnowledgeAccess.reader(tenant)
                .flatMapMany(caller -> id(id).flatMapMany(entry -> base.history(caller, entry)
                        .switchIfEmpty(Mono.defer(() -> base.get(caller, entry))
                                .switchIfEmpty(notFound("entry"))
                                .thenMany(Flux.empty()))));
    }

    @PostMapping("/tenants/{tenant}/knowledge/entries/{id}/citations")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Citation> cite(@PathVariable String tenant, @PathVariable String id, @RequestBody CiteBody body) {
        return KnowledgeAccess.reader(tenant)
                .flatMap(caller -> id(id).flatMap(entry -> valid(() -> TicketId.parse(String.valueOf(body.ticketId())))
                        .flatMap(ticket -> citations.cite(caller.tenant(), entry, ticket, caller.subject()))));
    }

    @GetMapping("/tenants/{tenant}/knowledge/tickets/{ticket}/citations")
    Flux<Citation> citationsOf(@PathVariable String tenant, @PathVariable String ticket) {
        return KnowledgeAccess.reader(tenant).flatMapMany(caller -> valid(() -> TicketId.parse(ticket))
                .flatMapMany(id -> citations.ofTicket(caller.tenant(), id)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/categories")
    Mono<List<String>> categories(@PathVariable String tenant) {
        return KnowledgeAccess.reader(tenant)
                .flatMap(caller -> base.categories(caller).collectList());
    }

    @PostMapping("/tenants/{tenant}/knowledge/categories")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, String>> addCategory(@PathVariable String tenant, @RequestBody CategoryBody body) {
        return KnowledgeAccess.editor(tenant).flatMap(caller -> valid(() -> Categories.requireValid(body.path()))
                .flatMap(path -> base.addCategory(caller, path))
                .map(path -> Map.of("path", path)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/synonyms")
    Flux<List<String>> synonyms(@PathVariable String tenant) {
        return KnowledgeAccess.reader(tenant).flatMapMany(base::synonyms);
    }

    @PutMapping("/tenants/{tenant}/knowledge/synonyms")
    Mono<List<List<String>>> replaceSynonyms(@PathVariable String tenant, @RequestBody List<List<String>> groups) {
        return KnowledgeAccess.editor(tenant).flatMap(caller -> valid(() -> {
                    if (groups.size() > 500) {
                        throw new IllegalArgumentException("at most 500 synonym groups");
                    }
                    return new cn.hotline.ticket.knowledge.search.Synonyms(groups).groups();
                })
                .flatMap(valid -> base.replaceSynonyms(caller, valid)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/hot")
    Flux<KnowledgeSearch.HotEntry> hot(@PathVariable String tenant, @RequestParam(defaultValue = "10") int limit) {
        return KnowledgeAccess.reader(tenant)
                .flatMapMany(caller -> limit < 1 || limit > 50
                        ? Flux.error(invalid(new IllegalArgumentException("limit: 1 to 50")))
                        : search.hot(caller, limit));
    }

    @GetMapping("/tenants/{tenant}/knowledge/yellow-pages")
    Flux<Entry> yellowPages(@PathVariable String tenant) {
        return KnowledgeAccess.reader(tenant)
                .flatMapMany(caller -> base.list(caller, EntryStatus.PUBLISHED, EntryKind.YELLOW_PAGE, null));
    }

    @PostMapping("/tenants/{tenant}/knowledge/ask")
    Mono<Answer> ask(@PathVariable String tenant, @RequestBody AskBody body) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> assistant.ask(caller, String.valueOf(body.question())));
    }

    @PutMapping("/tenants/{tenant}/knowledge/model")
    Mono<Map<String, Object>> configureModel(@PathVariable String tenant, @RequestBody ModelBody body) {
        return KnowledgeAccess.editor(tenant)
                .filter(caller -> !caller.scope().isPresent())
                .switchIfEmpty(Mono.error(KnowledgeAccess.forbidden("The model is set for the whole tenant.")))
                .flatMap(caller -> valid(() -> new KnowledgeAssistant.ModelSettings(
                                URI.create(String.valueOf(body.endpoint())),
                                String.valueOf(body.model()),
                                body.apiKey()))
                        .flatMap(settings -> assistant.configure(caller, settings))
                        .map(saved -> Map.of(
                                "endpoint",
                                body.endpoint() == null ? "" : body.endpoint(),
                                "model",
                                String.valueOf(body.model()),
                                "apiKeySet",
                                body.apiKey() != null && !body.apiKey().isBlank())));
    }

    @DeleteMapping("/tenants/{tenant}/knowledge/model")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> removeModel(@PathVariable String tenant) {
        return KnowledgeAccess.editor(tenant)
                .flatMap(caller -> assistant.configure(caller, null))
                .then();
    }

    @PostMapping("/tenants/{tenant}/knowledge/index/rebuild")
    Mono<Map<String, Integer>> rebuild(@PathVariable String tenant) {
        return KnowledgeAccess.editor(tenant)
                .flatMap(caller -> search.rebuild(caller.tenant()))
                .map(size -> Map.of("entries", size));
    }

    @GetMapping("/tenants/{tenant}/knowledge/export.xlsx")
    Mono<org.springframework.http.ResponseEntity<byte[]>> export(@PathVariable String tenant) {
        return KnowledgeAccess.editor(tenant).flatMap(caller -> base.list(caller, null, null, null)
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(entries -> org.springframework.http.ResponseEntity.ok()
                        .contentType(XLSX)
                        .header("Content-Disposition", "attachment; filename=knowledge.xlsx")
                        .body(KnowledgeSheets.export(entries))));
    }

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    record ImportReport(int created, List<UUID> ids) {}

    /** Creates a draft per row; any invalid row and nothing is created (problem with the rows' errors). */
    @PostMapping("/tenants/{tenant}/knowledge/import")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ImportReport> importSheet(@PathVariable String tenant, @RequestBody byte[] workbook) {
        return KnowledgeAccess.editor(tenant).flatMap(caller -> Mono.fromCallable(() -> KnowledgeSheets.parse(workbook))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(parsed -> parsed.errors().isEmpty()
                        ? base.createAll(caller, parsed.contents())
                                .map(entries -> entries.stream().map(Entry::id).toList())
                                .map(ids -> new ImportReport(ids.size(), ids))
                        : Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                parsed.errors().size() + " row(s) cannot be imported; nothing was imported.",
                                Map.of("rows", parsed.errors())))));
    }

    @PostMapping("/tenants/{tenant}/knowledge/questions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UnitQuestion> askUnit(@PathVariable String tenant, @RequestBody QuestionBody body) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> valid(() -> {
                    if (body.unitCode() == null
                            || !EntryContent.UNIT_CODE.matcher(body.unitCode()).matches()) {
                        throw new IllegalArgumentException("unitCode: 1-40 characters a-z, 0-9, '_' or '-'");
                    }
                    if (body.question() == null
                            || body.question().isBlank()
                            || body.question().length() > 2000) {
                        throw new IllegalArgumentException("question: 1-2000 characters");
                    }
                    return Categories.requireValid(body.category() == null ? "单位答复" : body.category());
                })
                .flatMap(category ->
                        questions.ask(caller, body.unitCode(), body.question().strip(), category)));
    }

    @GetMapping("/tenants/{tenant}/knowledge/questions")
    Flux<UnitQuestion> unitQuestions(@PathVariable String tenant, @RequestParam(defaultValue = "OPEN") String status) {
        return KnowledgeAccess.reader(tenant)
                .flatMapMany(caller -> "OPEN".equals(status) || "ANSWERED".equals(status)
                        ? questions.list(caller, status)
                        : Flux.error(invalid(new IllegalArgumentException("status: OPEN or ANSWERED"))));
    }

    @PostMapping("/tenants/{tenant}/knowledge/questions/{id}/answer")
    Mono<UnitQuestion> answer(@PathVariable String tenant, @PathVariable String id, @RequestBody AnswerBody body) {
        return KnowledgeAccess.reader(tenant).flatMap(caller -> id(id).flatMap(question -> valid(() -> {
                            if (body.answer() == null
                                    || body.answer().isBlank()
                                    || body.answer().length() > 20000) {
                                throw new IllegalArgumentException("answer: 1-20000 characters");
                            }
                            return body.answer().strip();
                        })
                        .flatMap(answer -> questions.answer(caller, question, answer)))
                .switchIfEmpty(notFound("question")));
    }
}
