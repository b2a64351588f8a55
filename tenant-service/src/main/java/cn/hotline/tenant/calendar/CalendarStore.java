package cn.hotline.tenant.calendar;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.TenantTransactions;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A tenant's calendar as stored: its weekly hours and zone (defaults: {@link WeeklyHours#standard()}, Asia/Shanghai)
 * and its own special days, which override the official holiday schedule ({@link ChineseHolidays}) date by date; a
 * {@code NORMAL} entry cancels a default special day.
 */
@Component
public final class CalendarStore {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    static final String MAKEUP = "MAKEUP";

    private final DatabaseClient db;
    private final TenantTransactions tx;

    public CalendarStore(DatabaseClient db, TenantTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    /** The tenant's calendar with defaults applied. */
    public Mono<WorkingCalendar> effective(TenantContext context) {
        Mono<Map<String, List<WorkingPeriod>>> periods = db.sql("SELECT d.key AS day, p->>0 AS start, p->>1 AS finish"
                        + " FROM calendar_settings s, jsonb_each(s.hours) d, jsonb_array_elements(d.value) p")
                .map(row -> Map.entry(
                        Objects.requireNonNull(row.get("day", String.class)),
                        new WorkingPeriod(
                                LocalTime.parse(Objects.requireNonNull(row.get("start", String.class))),
                                LocalTime.parse(Objects.requireNonNull(row.get("finish", String.class))))))
                .all()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Mono<ZoneId> zone = db.sql("SELECT zone FROM calendar_settings")
                .map(row -> ZoneId.of(Objects.requireNonNull(row.get("zone", String.class))))
                .one()
                .defaultIfEmpty(DEFAULT_ZONE);
        Mono<Map<LocalDate, String[]>> overrides = db.sql("SELECT day, kind, name FROM calendar_day")
                .map(row -> Map.entry(
                        Objects.requireNonNull(row.get("day", LocalDate.class)),
                        new String[] {row.get("kind", String.class), row.get("name", String.class)}))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return tx.run(context, Mono.zip(periods, zone, overrides))
                .map(t -> new WorkingCalendar(t.getT2(), hours(t.getT1()), specialDays(t.getT3())));
    }

    private static WeeklyHours hours(Map<String, List<WorkingPeriod>> stored) {
        if (stored.isEmpty()) {
            return WeeklyHours.standard();
        }
        Map<DayOfWeek, List<WorkingPeriod>> days = new EnumMap<>(DayOfWeek.class);
        stored.forEach((key, periods) -> {
            if (!MAKEUP.equals(key)) {
                days.put(DayOfWeek.valueOf(key), periods);
            }
        });
        return new WeeklyHours(days, stored.getOrDefault(MAKEUP, List.of()));
    }

    private static List<SpecialDay> specialDays(Map<LocalDate, String[]> overrides) {
        Map<LocalDate, SpecialDay> days = new LinkedHashMap<>();
        ChineseHolidays.of2026().forEach(d -> days.put(d.date(), d));
        overrides.forEach((date, kindAndName) -> {
            if ("NORMAL".equals(kindAndName[0])) {
                days.remove(date);
            } else {
                days.put(date, new SpecialDay(date, DayKind.valueOf(kindAndName[0]), kindAndName[1]));
            }
        });
        return new ArrayList<>(days.values());
    }

    /** Replaces the weekly hours and zone; the result must still be a valid calendar. */
    public Mono<WorkingCalendar> setHours(TenantContext context, String tenant, ZoneId zone, WeeklyHours hours) {
        StringBuilder json = new StringBuilder("{");
        hours.days().forEach((day, periods) -> append(json, day.name(), periods));
        append(json, MAKEUP, hours.makeupDay());
        json.setCharAt(json.length() - 1, '}');
        return tx.run(
                        context,
                        db.sql("INSERT INTO calendar_settings (tenant_id, zone, hours) VALUES (:t, :z,"
                                        + " CAST(:h AS jsonb)) ON CONFLICT (tenant_id) DO UPDATE SET zone = excluded.zone,"
                                        + " hours = excluded.hours, updated_at = now()")
                                .bind("t", tenant)
                                .bind("z", zone.getId())
                                .bind("h", json.toString())
                                .fetch()
                                .rowsUpdated())
                .then(effective(context));
    }

    private static void append(StringBuilder json, String key, List<WorkingPeriod> periods) {
        json.append('"').append(key).append("\":[");
        json.append(periods.stream()
                .map(p -> "[\"" + p.start() + "\",\"" + p.end() + "\"]")
                .collect(Collectors.joining(",")));
        json.append("],");
    }

    /** Sets (or, with kind {@code NORMAL}, cancels) a special day of the tenant. */
    public Mono<WorkingCalendar> setDay(
            TenantContext context, String tenant, LocalDate date, String kind, String name) {
        if (!List.of("HOLIDAY", "WORKDAY", "NORMAL").contains(kind)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "kind must be HOLIDAY, WORKDAY or NORMAL, not '" + kind + "'"));
        }
        if (name.isBlank() || name.length() > 64) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "name must be 1-64 characters"));
        }
        return tx.run(
                        context,
                        db.sql("INSERT INTO calendar_day (tenant_id, day, kind, name) VALUES (:t, :d, :k, :n)"
                                        + " ON CONFLICT (tenant_id, day) DO UPDATE SET kind = excluded.kind,"
                                        + " name = excluded.name")
                                .bind("t", tenant)
                                .bind("d", date)
                                .bind("k", kind)
                                .bind("n", name)
                                .fetch()
                                .rowsUpdated())
                .then(effective(context));
    }
}
