package cn.hotline.call.ivr;

import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.prompt.PromptUsage;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * IVR trees of each tenant: save a draft (validated, refused with every {@link NodeError} when unsound), publish it
 * as the next immutable version (no deploy: new calls get it at once), roll back to an earlier version, and hand a
 * call the current version. Also the {@link PromptUsage} of the prompt library: a prompt used by a tree's current
 * version cannot be deleted.
 */
public final class IvrManagement implements PromptUsage {

    /** A tree as its administrators see it. */
    public record TreeView(
            String tree,
            @Nullable Integer currentVersion,
            JsonNode draft,
            Instant draftSavedAt,
            String draftSavedBy,
            List<VersionInfo> versions) {}

    public record TreeSummary(String tree, @Nullable Integer currentVersion, Instant draftSavedAt) {}

    public record VersionInfo(int version, Instant publishedAt, String publishedBy) {}

    public record VersionView(String tree, int version, Instant publishedAt, String publishedBy, JsonNode definition) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PromptLibrary prompts;
    private final JsonMapper json;
    private final Clock clock;

    public IvrManagement(
            DatabaseClient db, TransactionalOperator tx, PromptLibrary prompts, JsonMapper json, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.prompts = prompts;
        this.json = json;
        this.clock = clock;
    }

    static String requireTreeId(String tree) {
        if (tree == null || !IvrDocument.NODE_ID.matcher(tree).matches()) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "a tree id is 1-48 of a-z 0-9 _ - starting with a letter or digit");
        }
        return tree;
    }

    /** Parses and validates a document against the tenant's prompts; the errors, empty when it is sound. */
    public Mono<List<NodeError>> check(TenantId tenant, String document) {
        JsonNode node;
        try {
            node = json.readTree(document);
        } catch (JacksonException e) {
            return Mono.error(new ProblemException(ProblemCode.MALFORMED_REQUEST, "The definition is not JSON."));
        }
        IvrDocument.Parsed parsed = IvrDocument.parse(node);
        if (!parsed.errors().isEmpty() || parsed.definition() == null) {
            return Mono.just(parsed.errors());
        }
        IvrDefinition definition = parsed.definition();
        return prompts.names(tenant).map(known -> IvrValidator.validate(definition, known));
    }

    /** Saves the draft of {@code tree} (creating the tree); refused with {@code errors} when unsound. */
    public Mono<TreeView> saveDraft(TenantId tenant, String tree, String document, String by) {
        requireTreeId(tree);
        return check(tenant, document).flatMap(errors -> {
            if (!errors.isEmpty()) {
                return Mono.error(invalid(tree, errors));
            }
            Mono<Long> save = db.sql(
                            """
                            INSERT INTO ivr_tree (tenant_id, tree_id, draft, draft_saved_at, draft_saved_by)
                            VALUES (app_tenant(), $1, $2::jsonb, $3, $4)
                            ON CONFLICT (tenant_id, tree_id) DO UPDATE SET draft = excluded.draft,
                                draft_saved_at = excluded.draft_saved_at, draft_saved_by = excluded.draft_saved_by
                            """)
                    .bind(0, tree)
                    .bind(1, document)
                    .bind(2, OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                    .bind(3, by)
                    .fetch()
                    .rowsUpdated();
            return inTenant(tenant, save).then(tree(tenant, tree));
        });
    }

    /**
     * Publishes the draft as the next version and makes it current. Validated again (a prompt may have gone since the
     * draft was saved); the prompts it plays are locked, so they cannot be deleted while it is published.
     */
    public Mono<VersionInfo> publish(TenantId tenant, String tree, String by) {
        requireTreeId(tree);
        Mono<VersionInfo> work = db.sql("SELECT draft::text FROM ivr_tree WHERE tree_id = $1 FOR UPDATE")
                .bind(0, tree)
                .map(row -> required(row.get(0, String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> notFound(tree)))
                .flatMap(draft -> lockPrompts(draft).then(check(tenant, draft)).flatMap(errors -> {
                    if (!errors.isEmpty()) {
                        return Mono.error(invalid(tree, errors));
                    }
                    IvrDefinition definition = parse(draft);
                    Instant now = clock.instant();
                    return db.sql(
                                    """
                                    WITH next AS (
                                        SELECT coalesce(max(version), 0) + 1 AS v FROM ivr_version WHERE tree_id = $1
                                    ), inserted AS (
                                        INSERT INTO ivr_version (tenant_id, tree_id, version, definition, prompts,
                                                                 published_at, published_by)
                                        SELECT app_tenant(), $1, next.v, $2::jsonb, $3, $4, $5 FROM next
                                        RETURNING version
                                    )
                                    UPDATE ivr_tree SET current_version = (SELECT version FROM inserted)
                                     WHERE tree_id = $1
                                    RETURNING current_version
                                    """)
                            .bind(0, tree)
                            .bind(1, draft)
                            .bind(2, definition.promptNames().toArray(String[]::new))
                            .bind(3, OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                            .bind(4, by)
                            .map(row -> required(row.get(0, Integer.class)))
                            .one()
                            .map(version -> new VersionInfo(version, now, by));
                }));
        return inTenant(tenant, work);
    }

    /** Makes an earlier version current again; refused (409) when a prompt it plays has been deleted since. */
    public Mono<VersionInfo> rollback(TenantId tenant, String tree, int version) {
        requireTreeId(tree);
        Mono<VersionInfo> work = db.sql("SELECT current_version FROM ivr_tree WHERE tree_id = $1 FOR UPDATE")
                .bind(0, tree)
                .map(row -> java.util.Optional.ofNullable(row.get(0, Integer.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> notFound(tree)))
                .then(db.sql("SELECT prompts, published_at, published_by FROM ivr_version"
                                + " WHERE tree_id = $1 AND version = $2")
                        .bind(0, tree)
                        .bind(1, version)
                        .map(row -> new Object[] {
                            row.get(0, String[].class), row.get(1, OffsetDateTime.class), row.get(2, String.class)
                        })
                        .one())
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Tree '" + tree + "' has no version " + version + ".")))
                .flatMap(row -> {
                    String[] used = (String[]) row[0];
                    List<String> tenantPrompts = new ArrayList<>();
                    for (String p : used == null ? new String[0] : used) {
                        if (!PromptName.of(p).isSystem()) {
                            tenantPrompts.add(p);
                        }
                    }
                    return lockedPromptNames(tenantPrompts).flatMap(present -> {
                        List<String> missing = tenantPrompts.stream()
                                .filter(p -> !present.contains(p))
                                .toList();
                        if (!missing.isEmpty()) {
                            return Mono.error(new ProblemException(
                                    ProblemCode.CONFLICT,
                                    "Version " + version + " plays prompts that no longer exist: " + missing
                                            + "; upload them again first.",
                                    Map.of("missingPrompts", missing)));
                        }
                        return db.sql("UPDATE ivr_tree SET current_version = $2 WHERE tree_id = $1")
                                .bind(0, tree)
                                .bind(1, version)
                                .fetch()
                                .rowsUpdated()
                                .thenReturn(new VersionInfo(
                                        version, ((OffsetDateTime) row[1]).toInstant(), String.valueOf(row[2])));
                    });
                });
        return inTenant(tenant, work);
    }

    public Flux<TreeSummary> trees(TenantId tenant) {
        return inTenant(
                tenant,
                db.sql("SELECT tree_id, current_version, draft_saved_at FROM ivr_tree ORDER BY tree_id")
                        .map(row -> new TreeSummary(
                                required(row.get(0, String.class)),
                                row.get(1, Integer.class),
                                required(row.get(2, OffsetDateTime.class)).toInstant()))
                        .all());
    }

    public Mono<TreeView> tree(TenantId tenant, String tree) {
        requireTreeId(tree);
        Mono<List<VersionInfo>> versions = db.sql("SELECT version, published_at, published_by FROM ivr_version"
                        + " WHERE tree_id = $1 ORDER BY version")
                .bind(0, tree)
                .map(row -> new VersionInfo(
                        required(row.get(0, Integer.class)),
                        required(row.get(1, OffsetDateTime.class)).toInstant(),
                        required(row.get(2, String.class))))
                .all()
                .collectList();
        Mono<TreeView> work = db.sql("SELECT draft::text, draft_saved_at, draft_saved_by, current_version FROM ivr_tree"
                        + " WHERE tree_id = $1")
                .bind(0, tree)
                .map(row -> row(row))
                .one()
                .switchIfEmpty(Mono.error(() -> notFound(tree)))
                .zipWith(
                        versions,
                        (head, list) -> new TreeView(
                                tree,
                                head.current(),
                                json.readTree(head.draft()),
                                head.savedAt(),
                                head.savedBy(),
                                list));
        return inTenant(tenant, work);
    }

    private record Head(String draft, Instant savedAt, String savedBy, @Nullable Integer current) {}

    private static Head row(Readable row) {
        return new Head(
                required(row.get(0, String.class)),
                required(row.get(1, OffsetDateTime.class)).toInstant(),
                required(row.get(2, String.class)),
                row.get(3, Integer.class));
    }

    public Mono<VersionView> version(TenantId tenant, String tree, int version) {
        requireTreeId(tree);
        return inTenant(
                        tenant,
                        db.sql("SELECT definition::text, published_at, published_by FROM ivr_version"
                                        + " WHERE tree_id = $1 AND version = $2")
                                .bind(0, tree)
                                .bind(1, version)
                                .map(row -> new VersionView(
                                        tree,
                                        version,
                                        required(row.get(1, OffsetDateTime.class))
                                                .toInstant(),
                                        required(row.get(2, String.class)),
                                        json.readTree(required(row.get(0, String.class)))))
                                .one())
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Tree '" + tree + "' has no version " + version + ".")));
    }

    /** The version new calls of {@code tree} get now; empty when the tree does not exist or was never published. */
    public Mono<IvrVersion> current(TenantId tenant, String tree) {
        return inTenant(
                tenant,
                db.sql("SELECT v.version, v.definition::text, v.published_at FROM ivr_tree t JOIN ivr_version v"
                                + " ON v.tenant_id = t.tenant_id AND v.tree_id = t.tree_id"
                                + " AND v.version = t.current_version WHERE t.tree_id = $1")
                        .bind(0, tree)
                        .map(row -> new IvrVersion(
                                tenant,
                                tree,
                                required(row.get(0, Integer.class)),
                                parse(required(row.get(1, String.class))),
                                required(row.get(2, OffsetDateTime.class)).toInstant()))
                        .one());
    }

    /** Trees of the tenant that have a current version (for validating routing rules). */
    public Mono<Set<String>> publishedTrees(TenantId tenant) {
        return inTenant(
                        tenant,
                        db.sql("SELECT tree_id FROM ivr_tree WHERE current_version IS NOT NULL")
                                .map(row -> required(row.get(0, String.class)))
                                .all())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public Flux<String> usesOf(TenantId tenant, PromptName prompt) {
        return db.sql("SELECT t.tree_id, t.current_version FROM ivr_tree t JOIN ivr_version v"
                        + " ON v.tenant_id = t.tenant_id AND v.tree_id = t.tree_id AND v.version = t.current_version"
                        + " WHERE $1 = ANY (v.prompts) ORDER BY t.tree_id")
                .bind(0, prompt.value())
                .map(row -> "IVR tree '" + row.get(0, String.class) + "' version " + row.get(1, Integer.class))
                .all();
    }

    private Mono<Void> lockPrompts(String draft) {
        try {
            IvrDocument.Parsed parsed = IvrDocument.parse(json.readTree(draft));
            if (parsed.definition() == null) {
                return Mono.empty();
            }
            List<String> names = parsed.definition().promptNames().stream()
                    .filter(n -> !PromptName.of(n).isSystem())
                    .toList();
            return lockedPromptNames(names).then();
        } catch (JacksonException e) {
            return Mono.empty();
        }
    }

    /** Locks these prompts' rows FOR SHARE (a concurrent delete waits) and returns those that exist. */
    private Mono<Set<String>> lockedPromptNames(List<String> names) {
        if (names.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("SELECT name FROM prompt WHERE name = ANY ($1) FOR SHARE")
                .bind(0, names.toArray(String[]::new))
                .map(row -> required(row.get(0, String.class)))
                .all()
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private IvrDefinition parse(String document) {
        IvrDocument.Parsed parsed = IvrDocument.parse(json.readTree(document));
        if (parsed.definition() == null || !parsed.errors().isEmpty()) {
            throw new IllegalStateException("a stored IVR definition no longer parses: " + parsed.errors());
        }
        return parsed.definition();
    }

    static ProblemException invalid(String tree, List<NodeError> errors) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED,
                "IVR tree '" + tree + "' has " + errors.size() + " problem(s); see errors (node, field, message).",
                Map.of("errors", errors));
    }

    private static ProblemException notFound(String tree) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No IVR tree '" + tree + "'.");
    }

    /** In one transaction bound to the tenant (the kernel's guard runs nothing outside one). */
    private <T> Mono<T> inTenant(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private <T> Flux<T> inTenant(TenantId tenant, Flux<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("a NOT NULL column was null");
        }
        return value;
    }
}
