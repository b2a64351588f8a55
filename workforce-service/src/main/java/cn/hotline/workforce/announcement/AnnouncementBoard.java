package cn.hotline.workforce.announcement;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.directory.SkillGroups;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The announcement board of one tenant: publish, read what is addressed to me (live: published, not expired, not
 * deleted), search, receipts, replies, delete, and the search index rebuild. Each use case runs in one
 * tenant-bound transaction.
 */
@Component
public final class AnnouncementBoard {

    private static final String COLUMNS = "a.id, a.group_name, a.title, a.body, a.urgent, a.scrolling, a.target_all,"
            + " a.target_roles, a.target_users, a.target_groups, a.group_members, a.publish_at, a.expires_at, a.created_by, a.created_at,"
            + " EXISTS (SELECT 1 FROM announcement_read r WHERE r.announcement = a.id AND r.user_id = :me) AS read,"
            + " (SELECT count(*) FROM announcement_read r WHERE r.announcement = a.id) AS reads,"
            + " (SELECT count(*) FROM announcement_reply p WHERE p.announcement = a.id) AS replies";
    private static final String LIVE =
            " a.deleted_at IS NULL AND a.publish_at <= :now" + " AND (a.expires_at IS NULL OR a.expires_at > :now)";
    private static final String MINE =
            " (a.target_all OR a.target_roles && :roles OR :me = ANY (a.target_users) OR :me = ANY (a.group_members)"
                    + " OR a.created_by = :me)";

    private final DatabaseClient db;
    private final TransactionalOperator operator;
    private final AnnouncementNotices notices;
    private final SkillGroups skillGroups;
    private final Clock clock;

    AnnouncementBoard(
            DatabaseClient db,
            TransactionalOperator operator,
            AnnouncementNotices notices,
            SkillGroups skillGroups,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.operator = operator;
        this.notices = notices;
        this.skillGroups = skillGroups;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** What a manager publishes. */
    public record Draft(
            String group,
            String title,
            String body,
            boolean urgent,
            boolean scrolling,
            Announcement.Targets targets,
            @Nullable Instant publishAt,
            @Nullable Instant expiresAt) {

        public Draft {
            if (group.isBlank() || group.strip().length() > 32) {
                throw new IllegalArgumentException("group must have 1-32 characters");
            }
            if (title.isBlank() || title.strip().length() > 100) {
                throw new IllegalArgumentException("title must have 1-100 characters");
            }
            if (body.isBlank() || body.length() > 10_000) {
                throw new IllegalArgumentException("body must have 1-10000 characters");
            }
            for (String role : targets.roles()) {
                if (Role.fromCode(role).isEmpty()) {
                    throw new IllegalArgumentException("no role '" + role + "'");
                }
            }
            if (expiresAt != null && publishAt != null && !expiresAt.isAfter(publishAt)) {
                throw new IllegalArgumentException("expiresAt must be after publishAt");
            }
        }
    }

    <T> Mono<T> tx(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    <T> Flux<T> tx(TenantId tenant, Flux<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    public Mono<Announcement> publish(Caller by, Draft d) {
        Instant now = clock.instant();
        Instant publishAt = d.publishAt() == null ? now : d.publishAt();
        if (d.expiresAt() != null && !d.expiresAt().isAfter(publishAt)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "expiresAt must be after publishAt", Map.of("field", "expiresAt")));
        }
        TenantId tenant = by.tenant();
        boolean live = !publishAt.isAfter(now);
        // skill groups are checked now (an unknown one is refused) and resolved now when it goes live now; a delayed
        // announcement's groups are resolved by the job when it becomes due
        return groupMembers(tenant, d.targets().groups(), true)
                .flatMap(found -> store(by, d, now, publishAt, live, live ? found : List.of()));
    }

    /**
     * The user ids of the groups' members (a set); an unknown group is 400 naming it when {@code strict}, else it has
     * no members; 503 when tenant-service is down.
     */
    Mono<List<String>> groupMembers(TenantId tenant, List<String> groups, boolean strict) {
        return Flux.fromIterable(groups)
                .concatMap(group -> skillGroups
                        .members(tenant, group)
                        .flatMap(found -> found.isPresent() || !strict
                                ? Mono.just(found.orElse(List.of()))
                                : Mono.<List<String>>error(new ProblemException(
                                        ProblemCode.VALIDATION_FAILED,
                                        "no skill group '" + group + "' in tenant-service",
                                        Map.of("field", "targets.groups")))))
                .flatMapIterable(members -> members)
                .distinct()
                .collectList();
    }

    private Mono<Announcement> store(
            Caller by, Draft d, Instant now, Instant publishAt, boolean live, List<String> members) {
        UUID id = Uuids.v7();
        TenantId tenant = by.tenant();
        Mono<Announcement> stored = tx(
                tenant,
                db.sql("INSERT INTO messaging_tenant (tenant_slug) VALUES (:t) ON CONFLICT DO NOTHING")
                        .bind("t", tenant.value())
                        .fetch()
                        .rowsUpdated()
                        .then(db.sql("INSERT INTO announcement (tenant_id, id, group_name, title, body, urgent,"
                                        + " scrolling, target_all, target_roles, target_users, target_groups, group_members,"
                                        + " groups_resolved_at, publish_at, expires_at, search_terms, created_by, created_at)"
                                        + " VALUES (:t, :id, :g, :ti, :b, :u, :s, :all, :roles, :users, :groups, :members,"
                                        + " :resolved, :p, :e, :terms, :by, :now)")
                                .bind("t", tenant.value())
                                .bind("id", id)
                                .bind("g", d.group().strip())
                                .bind("ti", d.title().strip())
                                .bind("b", d.body())
                                .bind("u", d.urgent())
                                .bind("s", d.scrolling())
                                .bind("all", d.targets().all())
                                .bind("roles", d.targets().roles().toArray(String[]::new))
                                .bind("users", d.targets().users().toArray(String[]::new))
                                .bind("groups", d.targets().groups().toArray(String[]::new))
                                .bind("members", members.toArray(String[]::new))
                                .bind("resolved", Parameter.fromOrEmpty(live ? now : null, Instant.class))
                                .bind("p", publishAt)
                                .bind("e", Parameter.fromOrEmpty(d.expiresAt(), Instant.class))
                                .bind("terms", terms(d.title(), d.body()))
                                .bind("by", by.subject())
                                .bind("now", now)
                                .fetch()
                                .rowsUpdated())
                        .then(one(by, id, true)));
        // an urgent announcement that is live now pops up at once; a delayed one when the job finds it due
        return stored.flatMap(a -> a.urgent() && !a.publishAt().isAfter(now)
                ? tx(tenant, notices.notify(tenant, a))
                        // not sent now: the job sends it (notified_at stays empty)
                        .onErrorResume(e -> Mono.empty())
                        .thenReturn(a)
                : Mono.just(a));
    }

    /**
     * Resolves the skill groups of announcements that have become due since they were written (the job, inside the
     * tenant's transaction): their members are read from tenant-service now and stored. When tenant-service is down
     * the announcement stays unresolved (its group members do not see it yet) and the next run tries again.
     */
    Mono<Integer> resolveDueGroups(TenantId tenant, Instant now) {
        return db.sql("SELECT id, target_groups FROM announcement WHERE groups_resolved_at IS NULL"
                        + " AND cardinality(target_groups) > 0 AND deleted_at IS NULL AND publish_at <= :now")
                .bind("now", now)
                .map((Readable row) -> Map.entry(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Arrays.asList(Objects.requireNonNull(row.get("target_groups", String[].class)))))
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(due -> groupMembers(tenant, due.getValue(), false)
                        .flatMap(members -> db.sql("UPDATE announcement SET group_members = :m,"
                                        + " groups_resolved_at = :now WHERE id = :id AND groups_resolved_at IS NULL")
                                .bind("m", members.toArray(String[]::new))
                                .bind("now", now)
                                .bind("id", due.getKey())
                                .fetch()
                                .rowsUpdated()
                                .thenReturn(1))
                        .onErrorResume(ProblemException.class, e -> Mono.just(0)))
                .reduce(0, Integer::sum);
    }

    static String[] terms(String title, String body) {
        return SearchTerms.of(title + "\n" + body).toArray(String[]::new);
    }

    /** One announcement the caller may see (managers also scheduled, expired ones); 404 otherwise. */
    public Mono<Announcement> one(Caller me, UUID id, boolean manager) {
        String where = manager ? " a.deleted_at IS NULL" : LIVE + " AND" + MINE;
        return sql("SELECT " + COLUMNS + " FROM announcement a WHERE a.id = :id AND" + where, me)
                .bind("id", id)
                .map(AnnouncementBoard::announcement)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No announcement " + id)));
    }

    /** Filters of a listing. */
    public record Filter(
            @Nullable String query,
            @Nullable String group,
            boolean unreadOnly,
            boolean urgentOnly,
            boolean scrollingOnly,
            boolean everything,
            int limit) {}

    /**
     * What the caller sees, newest first; {@code everything} (managers) adds scheduled and expired ones and those
     * addressed to others. A query matches when title + body have every search term; a one-character Han query
     * (no bigram) falls back to a substring match.
     */
    public Flux<Announcement> list(Caller me, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM announcement a WHERE");
        sql.append(f.everything() ? " a.deleted_at IS NULL" : LIVE + " AND" + MINE);
        List<String> terms = f.query() == null ? List.of() : SearchTerms.of(f.query());
        boolean substring = terms.stream().anyMatch(t -> t.codePointCount(0, t.length()) == 1 && isHan(t));
        if (f.query() != null) {
            sql.append(substring ? " AND (a.title || ' ' || a.body) LIKE :like" : " AND a.search_terms @> :terms");
        }
        if (f.group() != null) {
            sql.append(" AND a.group_name = :g");
        }
        if (f.unreadOnly()) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM announcement_read r WHERE r.announcement = a.id"
                    + " AND r.user_id = :me)");
        }
        if (f.urgentOnly()) {
            sql.append(" AND a.urgent");
        }
        if (f.scrollingOnly()) {
            sql.append(" AND a.scrolling");
        }
        sql.append(" ORDER BY a.urgent DESC, a.publish_at DESC, a.id LIMIT :limit");
        DatabaseClient.GenericExecuteSpec spec = sql(sql.toString(), me).bind("limit", f.limit());
        if (f.query() != null) {
            spec = substring
                    ? spec.bind(
                            "like",
                            "%"
                                    + f.query()
                                            .strip()
                                            .replace("\\", "\\\\")
                                            .replace("%", "\\%")
                                            .replace("_", "\\_") + "%")
                    : spec.bind("terms", terms.toArray(String[]::new));
        }
        if (f.group() != null) {
            spec = spec.bind("g", f.group());
        }
        return spec.map(AnnouncementBoard::announcement).all();
    }

    private static boolean isHan(String s) {
        return Character.UnicodeScript.of(s.codePointAt(0)) == Character.UnicodeScript.HAN;
    }

    /** The statement with the caller's parameters bound, those it names. */
    private DatabaseClient.GenericExecuteSpec sql(String sql, Caller me) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("me", me.subject());
        if (sql.contains(":now")) {
            spec = spec.bind("now", clock.instant());
        }
        if (sql.contains(":roles")) {
            spec = spec.bind("roles", me.roles().stream().map(Role::name).toArray(String[]::new));
        }
        return spec;
    }

    /** A read receipt (once per user; reading again changes nothing). */
    public Mono<Announcement> markRead(Caller me, UUID id) {
        return one(me, id, false)
                .then(db.sql("INSERT INTO announcement_read (tenant_id, announcement, user_id, read_at)"
                                + " VALUES (:t, :a, :u, :at) ON CONFLICT DO NOTHING")
                        .bind("t", me.tenant().value())
                        .bind("a", id)
                        .bind("u", me.subject())
                        .bind("at", clock.instant())
                        .fetch()
                        .rowsUpdated())
                .then(Mono.defer(() -> one(me, id, false)));
    }

    /** Who has read it (managers). */
    public record Receipt(String user, Instant readAt) {}

    public Flux<Receipt> receipts(Caller me, UUID id) {
        return one(me, id, true)
                .thenMany(db.sql("SELECT user_id, read_at FROM announcement_read WHERE announcement = :a"
                                + " ORDER BY read_at")
                        .bind("a", id)
                        .map((Readable row) -> new Receipt(
                                Objects.requireNonNull(row.get("user_id", String.class)),
                                Objects.requireNonNull(row.get("read_at", Instant.class))))
                        .all());
    }

    public record Reply(UUID id, String user, @Nullable String name, String body, Instant at) {}

    public Mono<Reply> reply(Caller me, UUID id, String body, boolean manager) {
        if (body.isBlank() || body.length() > 2000) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "a reply has 1-2000 characters", Map.of("field", "body")));
        }
        Reply reply = new Reply(Uuids.v7(), me.subject(), me.name(), body.strip(), clock.instant());
        return one(me, id, manager)
                .then(db.sql("INSERT INTO announcement_reply (tenant_id, id, announcement, user_id, user_name, body,"
                                + " created_at) VALUES (:t, :id, :a, :u, :n, :b, :at)")
                        .bind("t", me.tenant().value())
                        .bind("id", reply.id())
                        .bind("a", id)
                        .bind("u", reply.user())
                        .bind("n", Parameter.fromOrEmpty(reply.name(), String.class))
                        .bind("b", reply.body())
                        .bind("at", reply.at())
                        .fetch()
                        .rowsUpdated())
                .thenReturn(reply);
    }

    public Flux<Reply> replies(Caller me, UUID id, boolean manager) {
        return one(me, id, manager)
                .thenMany(db.sql("SELECT id, user_id, user_name, body, created_at FROM announcement_reply"
                                + " WHERE announcement = :a ORDER BY created_at, id")
                        .bind("a", id)
                        .map((Readable row) -> new Reply(
                                Objects.requireNonNull(row.get("id", UUID.class)),
                                Objects.requireNonNull(row.get("user_id", String.class)),
                                row.get("user_name", String.class),
                                Objects.requireNonNull(row.get("body", String.class)),
                                Objects.requireNonNull(row.get("created_at", Instant.class))))
                        .all());
    }

    /** Deletes (hides at once; the clean-up removes it for good after the retention). */
    public Mono<Void> delete(Caller me, UUID id) {
        return db.sql("UPDATE announcement SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
                .bind("now", clock.instant())
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n == 0
                        ? Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No announcement " + id))
                        : Mono.empty());
    }

    /** Recomputes every announcement's search terms (after a change of {@link SearchTerms}); answers how many. */
    public Mono<Long> rebuildIndex() {
        return db.sql("SELECT id, title, body FROM announcement")
                .map((Readable row) -> new Object[] {
                    row.get("id", UUID.class), row.get("title", String.class), row.get("body", String.class)
                })
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(r -> db.sql("UPDATE announcement SET search_terms = :terms WHERE id = :id")
                        .bind("terms", terms((String) Objects.requireNonNull(r[1]), (String)
                                Objects.requireNonNull(r[2])))
                        .bind("id", Objects.requireNonNull(r[0]))
                        .fetch()
                        .rowsUpdated())
                .count();
    }

    static Announcement announcement(Readable row) {
        return new Announcement(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("group_name", String.class)),
                Objects.requireNonNull(row.get("title", String.class)),
                Objects.requireNonNull(row.get("body", String.class)),
                Boolean.TRUE.equals(row.get("urgent", Boolean.class)),
                Boolean.TRUE.equals(row.get("scrolling", Boolean.class)),
                new Announcement.Targets(
                        Boolean.TRUE.equals(row.get("target_all", Boolean.class)),
                        Arrays.asList(Objects.requireNonNull(row.get("target_roles", String[].class))),
                        Arrays.asList(Objects.requireNonNull(row.get("target_users", String[].class))),
                        Arrays.asList(Objects.requireNonNull(row.get("target_groups", String[].class))),
                        Arrays.asList(Objects.requireNonNull(row.get("group_members", String[].class)))),
                Objects.requireNonNull(row.get("publish_at", Instant.class)),
                row.get("expires_at", Instant.class),
                Objects.requireNonNull(row.get("created_by", String.class)),
                Objects.requireNonNull(row.get("created_at", Instant.class)),
                Boolean.TRUE.equals(row.get("read", Boolean.class)),
                Objects.requireNonNull(row.get("reads", Long.class)),
                Objects.requireNonNull(row.get("replies", Long.class)));
    }
}
