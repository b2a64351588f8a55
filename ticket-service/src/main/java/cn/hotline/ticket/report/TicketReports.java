package cn.hotline.ticket.report;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.directory.TenantDirectory;
import cn.hotline.ticket.sla.TicketLimits;
import cn.hotline.ticket.ticket.TicketTransactions;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Builds a KPI report: the tickets opened in {@code [from, to]} (dates in the tenant's calendar zone) that the caller
 * may see, each read from its ledger and measured with the SLA clock at the time of the report, grouped by day, ISO
 * week, month or main unit; plus the whole period and the hot topics (most frequent categories).
 */
@Component
public final class TicketReports {

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final TicketLimits limits;
    private final TenantDirectory directory;

    TicketReports(DatabaseClient db, TicketTransactions tx, TicketLimits limits, TenantDirectory directory) {
        this.db = db;
        this.tx = tx;
        this.limits = limits;
        this.directory = directory;
    }

    public enum GroupBy {
        DAY,
        WEEK,
        MONTH,
        UNIT
    }

    public record HotTopic(String category, int tickets) {}

    public record Report(
            LocalDate from,
            LocalDate to,
            GroupBy groupBy,
            TicketKpis total,
            List<TicketKpis> groups,
            List<HotTopic> hotTopics) {}

    private record Row(UUID id, OffsetDateTime openedAt, String category, @Nullable String mainUnit) {}

    public Mono<Report> build(TenantContext context, TenantId tenant, LocalDate from, LocalDate to, GroupBy groupBy) {
        if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "the period must run forward and span at most 366 days",
                    Map.of("field", "to")));
        }
        return directory.calendar(tenant).map(c -> ZoneId.of(c.zone())).flatMap(zone -> tx.run(
                        context,
                        db.sql("SELECT id, opened_at, category, main_unit FROM ticket"
                                        + " WHERE opened_at >= :from AND opened_at < :to ORDER BY opened_at")
                                .bind("from", from.atStartOfDay(zone).toOffsetDateTime())
                                .bind("to", to.plusDays(1).atStartOfDay(zone).toOffsetDateTime())
                                .map(row -> new Row(
                                        Objects.requireNonNull(row.get("id", UUID.class)),
                                        Objects.requireNonNull(row.get("opened_at", OffsetDateTime.class)),
                                        Objects.requireNonNull(row.get("category", String.class)),
                                        row.get("main_unit", String.class)))
                                .all()
                                .collectList())
                .flatMap(rows -> reactor.core.publisher.Flux.fromIterable(rows)
                        .concatMap(row -> limits.evaluate(context, tenant, row.id())
                                .map(evaluation -> Map.entry(row, evaluation)))
                        .collectList()
                        .map(measured -> {
                            TicketKpis.Tally total = new TicketKpis.Tally();
                            Map<String, TicketKpis.Tally> groups = new TreeMap<>();
                            Map<String, Integer> topics = new TreeMap<>();
                            for (var m : measured) {
                                Row row = m.getKey();
                                total.add(m.getValue().ledger(), m.getValue().limits());
                                groups.computeIfAbsent(key(row, groupBy, zone), k -> new TicketKpis.Tally())
                                        .add(m.getValue().ledger(), m.getValue().limits());
                                topics.merge(row.category(), 1, Integer::sum);
                            }
                            List<TicketKpis> grouped = new ArrayList<>();
                            groups.forEach((k, v) -> grouped.add(v.kpis(k)));
                            List<HotTopic> hot = topics.entrySet().stream()
                                    .sorted(Map.Entry.<String, Integer>comparingByValue()
                                            .reversed()
                                            .thenComparing(Map.Entry.comparingByKey()))
                                    .limit(10)
                                    .map(e -> new HotTopic(e.getKey(), e.getValue()))
                                    .toList();
                            return new Report(from, to, groupBy, total.kpis("total"), grouped, hot);
                        })));
    }

    /** Seed 002's member-unit scores over the tickets opened in the period that the caller may see. */
    public Mono<List<UnitScore>> unitScores(TenantContext context, TenantId tenant, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "the period must run forward and span at most 366 days",
                    Map.of("field", "to")));
        }
        return directory.calendar(tenant).map(c -> ZoneId.of(c.zone())).flatMap(zone -> tx.run(
                        context,
                        db.sql("SELECT id FROM ticket WHERE opened_at >= :from AND opened_at < :to ORDER BY opened_at")
                                .bind("from", from.atStartOfDay(zone).toOffsetDateTime())
                                .bind("to", to.plusDays(1).atStartOfDay(zone).toOffsetDateTime())
                                .map(row -> Objects.requireNonNull(row.get("id", UUID.class)))
                                .all()
                                .collectList())
                .flatMap(ids -> reactor.core.publisher.Flux.fromIterable(ids)
                        .concatMap(
                                id -> limits.evaluate(context, tenant, id).map(e -> Map.entry(e.ledger(), e.limits())))
                        .collectList()
                        .map(measured -> {
                            List<UnitScore> scores = new ArrayList<>();
                            UnitScore.Tally.of(measured).forEach((unit, tally) -> scores.add(tally.score(unit)));
                            return scores;
                        })));
    }

    private static String key(Row row, GroupBy groupBy, ZoneId zone) {
        LocalDate day = row.openedAt().atZoneSameInstant(zone).toLocalDate();
        return switch (groupBy) {
            case DAY -> day.toString();
            case WEEK ->
                day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> day.withDayOfMonth(1).toString().substring(0, 7);
            case UNIT -> row.mainUnit() == null ? "(centre)" : row.mainUnit();
        };
    }
}
