package cn.hotline.ticket.sla;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.ticket.directory.CalendarData;
import cn.hotline.ticket.sla.domain.SlaPolicy;
import cn.hotline.ticket.sla.domain.WorkingCalendar;
import cn.hotline.ticket.ticket.domain.RequestKind;
import io.r2dbc.spi.Readable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves the limits for a category: the standard limits, overridden by the tenant's {@code '*'} row, then by the
 * rows of the category's ancestors and the category itself (nearest wins, column by column). Runs inside the
 * caller's tenant-bound transaction.
 */
@Component
public final class SlaPolicies {

    private final DatabaseClient db;

    public SlaPolicies(DatabaseClient db) {
        this.db = db;
    }

    /** A policy row; null fields inherit. */
    public record Override(
            @Nullable Integer receiveMinutes,
            @Nullable Integer signForUrgentMinutes,
            @Nullable Integer signForNormalMinutes,
            @Nullable Integer dispatchMinutes,
            @Nullable Integer consultationDays,
            @Nullable Integer complaintDays,
            @Nullable Integer otherDays,
            @Nullable Integer yellowPercent) {}

    public Mono<SlaPolicy> forCategory(String category) {
        List<String> chain = new ArrayList<>();
        chain.add("*");
        String[] parts = category.split("\\.");
        for (int i = 1; i <= parts.length; i++) {
            chain.add(String.join(".", java.util.Arrays.copyOf(parts, i)));
        }
        return db.sql("SELECT * FROM sla_policy WHERE category = ANY(:c)")
                .bind("c", chain.toArray(String[]::new))
                .map(row -> Map.entry(row.get("category", String.class), override(row)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(rows -> {
                    SlaPolicy policy = SlaPolicy.standard();
                    for (String level : chain) {
                        Override o = rows.get(level);
                        if (o != null) {
                            policy = apply(policy, o);
                        }
                    }
                    return policy;
                });
    }

    public Mono<Override> put(String category, Override o) {
        return Tenancy.requireTenant()
                .flatMap(tenant -> save(tenant, category, o))
                .thenReturn(o);
    }

    public Mono<Override> get(String category) {
        return db.sql("SELECT * FROM sla_policy WHERE category = :c")
                .bind("c", category)
                .map(SlaPolicies::override)
                .one();
    }

    private Mono<Long> save(TenantId tenant, String category, Override o) {
        return db.sql("INSERT INTO sla_policy (tenant_id, category, receive_minutes, sign_for_urgent_minutes,"
                        + " sign_for_normal_minutes, dispatch_minutes, consultation_days, complaint_days, other_days,"
                        + " yellow_percent) VALUES (:t, :c, :r, :su, :sn, :d, :cd, :pd, :od, :y)"
                        + " ON CONFLICT (tenant_id, category) DO UPDATE SET receive_minutes = :r,"
                        + " sign_for_urgent_minutes = :su, sign_for_normal_minutes = :sn, dispatch_minutes = :d,"
                        + " consultation_days = :cd, complaint_days = :pd, other_days = :od, yellow_percent = :y,"
                        + " updated_at = now()")
                .bind("t", tenant.value())
                .bind("c", category)
                .bind("r", p(o.receiveMinutes()))
                .bind("su", p(o.signForUrgentMinutes()))
                .bind("sn", p(o.signForNormalMinutes()))
                .bind("d", p(o.dispatchMinutes()))
                .bind("cd", p(o.consultationDays()))
                .bind("pd", p(o.complaintDays()))
                .bind("od", p(o.otherDays()))
                .bind("y", p(o.yellowPercent()))
                .fetch()
                .rowsUpdated();
    }

    /** Checks an override against the policy's rules before it is stored (throws IllegalArgumentException). */
    public static SlaPolicy validate(Override o) {
        return apply(SlaPolicy.standard(), o);
    }

    private static SlaPolicy apply(SlaPolicy p, Override o) {
        Map<RequestKind, Integer> days = new EnumMap<>(p.closingDays());
        if (o.otherDays() != null) {
            for (RequestKind kind : RequestKind.values()) {
                if (kind != RequestKind.CONSULTATION && kind != RequestKind.COMPLAINT) {
                    days.put(kind, o.otherDays());
                }
            }
        }
        if (o.consultationDays() != null) {
            days.put(RequestKind.CONSULTATION, o.consultationDays());
        }
        if (o.complaintDays() != null) {
            days.put(RequestKind.COMPLAINT, o.complaintDays());
        }
        return new SlaPolicy(
                o.receiveMinutes() == null ? p.receive() : Duration.ofMinutes(o.receiveMinutes()),
                o.signForUrgentMinutes() == null ? p.signForUrgent() : Duration.ofMinutes(o.signForUrgentMinutes()),
                o.signForNormalMinutes() == null ? p.signForNormal() : Duration.ofMinutes(o.signForNormalMinutes()),
                o.dispatchMinutes() == null ? p.dispatch() : Duration.ofMinutes(o.dispatchMinutes()),
                days,
                o.yellowPercent() == null ? p.yellowPercent() : o.yellowPercent());
    }

    private static Override override(Readable row) {
        return new Override(
                row.get("receive_minutes", Integer.class),
                row.get("sign_for_urgent_minutes", Integer.class),
                row.get("sign_for_normal_minutes", Integer.class),
                row.get("dispatch_minutes", Integer.class),
                row.get("consultation_days", Integer.class),
                row.get("complaint_days", Integer.class),
                row.get("other_days", Integer.class),
                row.get("yellow_percent", Integer.class));
    }

    private static Parameter p(@Nullable Integer value) {
        return Parameter.fromOrEmpty(value, Integer.class);
    }

    /** tenant-service's calendar as the SLA clock reads it. */
    public static WorkingCalendar calendar(CalendarData data) {
        Map<DayOfWeek, List<LocalTime[]>> weekly = new EnumMap<>(DayOfWeek.class);
        data.hours().forEach((day, periods) -> weekly.put(DayOfWeek.valueOf(day), periods(periods)));
        Map<LocalDate, String> special = new HashMap<>();
        data.specialDays().forEach(d -> special.put(LocalDate.parse(d.date()), d.kind()));
        return new WorkingCalendar(ZoneId.of(data.zone()), weekly, periods(data.makeupDay()), special);
    }

    private static List<LocalTime[]> periods(List<CalendarData.Period> periods) {
        return periods.stream()
                .map(p -> new LocalTime[] {LocalTime.parse(p.start()), LocalTime.parse(p.end())})
                .toList();
    }
}
