package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.knowledge.search.Hit;
import cn.hotline.ticket.knowledge.search.IndexedEntry;
import cn.hotline.ticket.knowledge.search.KnowledgeIndex;
import cn.hotline.ticket.knowledge.search.SearchQuery;
import cn.hotline.ticket.knowledge.search.Synonyms;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Searches a tenant's published entries through an in-process index per tenant, built from PostgreSQL on first use.
 * Changes made through this instance reach the index at once; every {@code refresh-interval} each loaded index is
 * rebuilt from the database and swapped in (other instances' changes, fresh hot scores), and so is one rebuilt on
 * request — searches keep using the old index until the new one is complete, so a rebuild never interrupts them.
 */
@Component
public final class KnowledgeSearch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeSearch.class);

    private final DatabaseClient db;
    private final KnowledgeTransactions tx;
    private final KnowledgeProperties properties;
    private final Clock clock;
    private final Map<TenantId, Mono<AtomicReference<KnowledgeIndex>>> indexes = new ConcurrentHashMap<>();
    private final Map<TenantId, String> stamps = new ConcurrentHashMap<>();
    private volatile @Nullable Disposable refresher;
    private volatile @Nullable Disposable checker;

    KnowledgeSearch(DatabaseClient db, KnowledgeTransactions tx, KnowledgeProperties properties) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
        this.clock = Clock.system(properties.zone());
    }

    /** Published entries the caller may see that match the query, best first, highlighted. */
    public Mono<List<Hit>> search(Caller caller, SearchQuery query) {
        return index(caller.tenant())
                .publishOn(Schedulers.boundedElastic())
                .map(index -> index.search(query, KnowledgeAccess.viewer(caller)));
    }

    /** Today, in the service's zone: validity is checked against it. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Rebuilds the tenant's index from the database and swaps it in; returns how many entries it holds. */
    public Mono<Integer> rebuild(TenantId tenant) {
        Mono<AtomicReference<KnowledgeIndex>> current = indexes.get(tenant);
        if (current == null) {
            return index(tenant).map(KnowledgeIndex::size);
        }
        return current.flatMap(ref -> build(tenant).map(fresh -> {
            KnowledgeIndex old = ref.getAndSet(fresh);
            // Searches that began on the old index finish on it; it is closed once they surely have.
            Schedulers.boundedElastic().schedule(old::close, 1, TimeUnit.MINUTES);
            return fresh.size();
        }));
    }

    /** Counts a view of a published entry for hot ranking. */
    public Mono<Void> viewed(Caller caller, UUID entry) {
        return count(caller.tenantContext(), caller.tenant(), entry, "views");
    }

    Mono<Void> count(TenantContext context, TenantId tenant, UUID entry, String column) {
        return tx.run(
                        context,
                        db.sql("INSERT INTO kb_entry_day (tenant_id, entry_id, day, " + column + ") VALUES (:t, :e,"
                                        + " :d, 1) ON CONFLICT (tenant_id, entry_id, day) DO UPDATE SET " + column
                                        + " = kb_entry_day." + column + " + 1")
                                .bind("t", tenant.value())
                                .bind("e", entry)
                                .bind("d", today())
                                .fetch()
                                .rowsUpdated())
                .then();
    }

    /** The hottest published, valid entries the caller may see: views and citations, halved every half-life. */
    public Flux<HotEntry> hot(Caller caller, int limit) {
        return tx.run(
                caller.tenantContext(),
                db.sql("SELECT e.id, e.title, e.category, h.hot FROM kb_entry e JOIN (" + HOT + ") h ON h.entry_id ="
                                + " e.id WHERE e.status = 'PUBLISHED' AND (e.tier <> 'PERSONAL' OR e.owner = :me) AND"
                                + " (e.valid_from IS NULL OR e.valid_from <= :d) AND (e.valid_to IS NULL OR e.valid_to"
                                + " >= :d) ORDER BY h.hot DESC, e.title LIMIT :n")
                        .bind("half", halfLifeDays())
                        .bind("me", caller.subject())
                        .bind("d", today())
                        .bind("n", limit)
                        .map(row -> new HotEntry(
                                Objects.requireNonNull(row.get("id", UUID.class)),
                                EntryRows.text(row, "title"),
                                EntryRows.text(row, "category"),
                                Objects.requireNonNull(row.get("hot", Double.class))))
                        .all());
    }

    /** A hot entry: its decayed count of views plus three times its citations. */
    public record HotEntry(UUID id, String title, String category, double hot) {}

    private static final String HOT = "SELECT entry_id, sum((views + 3 * citations) * power(0.5, (:d - day) / :half))"
            + " AS hot FROM kb_entry_day GROUP BY entry_id";

    private double halfLifeDays() {
        return properties.hotHalfLife().toSeconds() / 86400.0;
    }

    Mono<KnowledgeIndex> index(TenantId tenant) {
        return indexes.computeIfAbsent(tenant, t -> build(t).map(AtomicReference::new)
                        .cache(ok -> Duration.ofDays(36500), error -> Duration.ZERO, () -> Duration.ZERO))
                .map(AtomicReference::get);
    }

    private Mono<KnowledgeIndex> build(TenantId tenant) {
        TenantContext whole = TenantContext.of(tenant);
        Mono<List<IndexedEntry>> entries = tx.run(
                        whole,
                        db.sql("SELECT " + EntryRows.COLUMNS + ", coalesce(h.hot, 0) AS hot FROM kb_entry e LEFT JOIN"
                                        + " (" + HOT + ") h ON h.entry_id = e.id WHERE e.status = 'PUBLISHED'")
                                .bind("d", today())
                                .bind("half", halfLifeDays())
                                .map(row -> indexed(
                                        EntryRows.entry(row), Objects.requireNonNull(row.get("hot", Double.class))))
                                .all())
                .collectList();
        Mono<List<List<String>>> synonyms = tx.run(
                        whole,
                        db.sql("SELECT words FROM kb_synonym ORDER BY id")
                                .map(row -> Arrays.asList(Objects.requireNonNull(row.get("words", String[].class))))
                                .all())
                .collectList();
        return stamp(tenant)
                .doOnNext(stamp -> stamps.put(tenant, stamp))
                .then(Mono.zip(entries, synonyms))
                .publishOn(Schedulers.boundedElastic())
                .map(both -> {
                    long started = System.nanoTime();
                    KnowledgeIndex index =
                            KnowledgeIndex.build(properties.segmentation(), new Synonyms(both.getT2()), both.getT1());
                    log.info(
                            "knowledge index of {} built: {} entries in {} ms",
                            tenant,
                            index.size(),
                            (System.nanoTime() - started) / 1_000_000);
                    return index;
                });
    }

    /** What changes whenever an entry or synonym of the tenant is added, changed, moved or removed. */
    private Mono<String> stamp(TenantId tenant) {
        return tx.run(
                TenantContext.of(tenant),
                db.sql("SELECT (SELECT count(*) FROM kb_entry) || '/' || coalesce((SELECT max(updated_at) FROM"
                                + " kb_entry)::text, '-') || '/' || (SELECT count(*) FROM kb_synonym) || '/' ||"
                                + " coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM kb_synonym), '-') AS"
                                + " stamp")
                        .map(row -> EntryRows.text(row, "stamp"))
                        .one());
    }

    /** Rebuilds the tenant's index when its stamp moved since the last build (a change made elsewhere). */
    Mono<Boolean> catchUp(TenantId tenant) {
        return stamp(tenant)
                .flatMap(now -> now.equals(stamps.get(tenant))
                        ? Mono.just(false)
                        : rebuild(tenant).thenReturn(true));
    }

    static IndexedEntry indexed(Entry entry, double hot) {
        EntryContent c = entry.content();
        String body = c.body();
        if (!c.contacts().isEmpty()) {
            List<String> lines = new ArrayList<>();
            c.contacts()
                    .forEach(contact -> lines.add(contact.name() + " " + contact.phone()
                            + (contact.duty() == null ? "" : " " + contact.duty())));
            body = body + "\n联系人：" + String.join("；", lines);
        }
        return new IndexedEntry(
                entry.id(),
                c.kind().name(),
                c.title(),
                body,
                c.tags(),
                c.category(),
                c.tier().name(),
                c.scopeUnit(),
                c.tier() == Tier.PERSONAL ? entry.owner() : null,
                c.validFrom(),
                c.validTo(),
                hot);
    }

    /** Brings a changed entry into (or out of) the tenant's index, if it is loaded here. */
    Mono<Void> changed(TenantId tenant, Entry entry) {
        Mono<AtomicReference<KnowledgeIndex>> loaded = indexes.get(tenant);
        if (loaded == null) {
            return Mono.empty();
        }
        return loaded.publishOn(Schedulers.boundedElastic())
                .doOnNext(ref -> {
                    if (entry.status() == EntryStatus.PUBLISHED) {
                        ref.get().upsert(indexed(entry, 0));
                    } else {
                        ref.get().remove(entry.id());
                    }
                })
                .then(restamp(tenant));
    }

    /**
     * Records the current stamp after a change this instance applied itself, so the change check does not rebuild
     * for it. A change another instance commits in the same instant is then only seen at the next full refresh.
     */
    private Mono<Void> restamp(TenantId tenant) {
        return stamp(tenant).doOnNext(now -> stamps.put(tenant, now)).then();
    }

    Mono<Void> synonymsChanged(TenantId tenant, List<List<String>> groups) {
        Mono<AtomicReference<KnowledgeIndex>> loaded = indexes.get(tenant);
        return loaded == null
                ? Mono.empty()
                : loaded.doOnNext(ref -> ref.get().synonyms(new Synonyms(groups)))
                        .then(restamp(tenant));
    }

    @Override
    public void start() {
        Duration every = properties.refreshInterval();
        refresher = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(List.copyOf(indexes.keySet()))
                        .concatMap(tenant -> rebuild(tenant).onErrorResume(e -> {
                            // Policy: keep serving the previous index; the next tick tries again.
                            log.warn("knowledge index refresh of {} failed, the old index keeps serving", tenant, e);
                            return Mono.empty();
                        })))
                .subscribe();
        Duration check = properties.changeCheckInterval();
        checker = Flux.interval(check, check)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(List.copyOf(indexes.keySet()))
                        .concatMap(tenant -> catchUp(tenant).onErrorResume(e -> {
                            // Policy: a failed check keeps the current index; the next tick checks again.
                            log.warn("knowledge change check of {} failed", tenant, e);
                            return Mono.just(false);
                        })))
                .subscribe();
    }

    @Override
    public void stop() {
        for (Disposable running : new Disposable[] {refresher, checker}) {
            if (running != null) {
                running.dispose();
            }
        }
        refresher = null;
        checker = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
