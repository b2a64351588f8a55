package cn.hotline.tenant.calendar;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.Permission;
import cn.hotline.tenant.directory.Requests;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Tenant calendar API ({@code /tenants/{tenant}/calendar}) and its internal read for call-cloud and ticket-service
 * ({@code /internal/tenants/{tenant}/calendar}), plus the two questions the others ask: is an instant working time,
 * and when is a deadline N working days or an amount of working time after an instant.
 */
@RestController
final class CalendarController {

    private final Access access;
    private final CalendarStore store;

    CalendarController(Access access, CalendarStore store) {
        this.access = access;
        this.store = store;
    }

    record Period(String start, String end) {}

    record CalendarView(
            String zone, Map<String, List<Period>> hours, List<Period> makeupDay, List<SpecialDay> specialDays) {

        static CalendarView of(WorkingCalendar calendar) {
            Map<String, List<Period>> hours = new LinkedHashMap<>();
            calendar.hours().days().forEach((day, periods) -> hours.put(day.name(), periods(periods)));
            return new CalendarView(
                    calendar.zone().getId(), hours, periods(calendar.hours().makeupDay()), calendar.specialDays());
        }

        private static List<Period> periods(List<WorkingPeriod> periods) {
            return periods.stream()
                    .map(p -> new Period(p.start().toString(), p.end().toString()))
                    .toList();
        }
    }

    record HoursUpdate(
            @Nullable String zone, @Nullable Map<String, List<Period>> hours, @Nullable List<Period> makeupDay) {}

    record DayUpdate(@Nullable String kind, @Nullable String name) {}

    record WorkingTimeAnswer(Instant at, boolean workingTime) {}

    record DeadlineAnswer(Instant from, Instant due) {}

    @GetMapping("/tenants/{tenant}/calendar")
    Mono<CalendarView> get(@PathVariable String tenant) {
        return access.require(tenant, Permission.CALENDAR_READ)
                .flatMap(grant -> store.effective(grant.context()))
                .map(CalendarView::of);
    }

    @GetMapping("/internal/tenants/{tenant}/calendar")
    Mono<CalendarView> internal(@PathVariable String tenant) {
        return Requests.valid(() -> TenantId.of(tenant))
                .onErrorMap(e -> new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                .flatMap(id -> store.effective(TenantContext.of(id)))
                .map(CalendarView::of);
    }

    @PutMapping("/tenants/{tenant}/calendar/hours")
    Mono<CalendarView> setHours(@PathVariable String tenant, @RequestBody HoursUpdate body) {
        return access.require(tenant, Permission.CALENDAR_WRITE)
                .flatMap(grant -> Requests.valid(() -> parse(body))
                        .flatMap(update -> store.setHours(grant.context(), tenant, update.zone(), update.hours())))
                .map(CalendarView::of);
    }

    private record Parsed(ZoneId zone, WeeklyHours hours) {}

    private static Parsed parse(HoursUpdate body) {
        ZoneId zone;
        try {
            zone = body.zone() == null ? CalendarStore.DEFAULT_ZONE : ZoneId.of(body.zone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + body.zone() + "' is not a time zone id");
        }
        Map<DayOfWeek, List<WorkingPeriod>> days = new EnumMap<>(DayOfWeek.class);
        (body.hours() == null ? Map.<String, List<Period>>of() : body.hours()).forEach((day, periods) -> {
            DayOfWeek weekday;
            try {
                weekday = DayOfWeek.valueOf(day);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + day + "' is not a weekday (MONDAY … SUNDAY)");
            }
            days.put(weekday, periods(periods));
        });
        WeeklyHours hours = new WeeklyHours(
                days,
                body.makeupDay() == null ? days.getOrDefault(DayOfWeek.MONDAY, List.of()) : periods(body.makeupDay()));
        // a calendar without working time is refused here, before anything is stored
        new WorkingCalendar(zone, hours, List.of());
        return new Parsed(zone, hours);
    }

    private static List<WorkingPeriod> periods(List<Period> periods) {
        try {
            return periods.stream()
                    .map(p -> WorkingPeriod.of(p.start(), p.end()))
                    .toList();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("times are written HH:mm: " + e.getMessage());
        }
    }

    @PutMapping("/tenants/{tenant}/calendar/days/{date}")
    Mono<CalendarView> setDay(@PathVariable String tenant, @PathVariable String date, @RequestBody DayUpdate body) {
        return access.require(tenant, Permission.CALENDAR_WRITE)
                .flatMap(grant -> Requests.valid(() -> LocalDate.parse(date))
                        .onErrorMap(e -> new ProblemException(
                                ProblemCode.VALIDATION_FAILED, "date is written yyyy-MM-dd, not '" + date + "'"))
                        .flatMap(day -> store.setDay(
                                grant.context(),
                                tenant,
                                day,
                                String.valueOf(body.kind()),
                                body.name() == null ? "" : body.name())))
                .map(CalendarView::of);
    }

    @GetMapping("/tenants/{tenant}/calendar/working-time")
    Mono<WorkingTimeAnswer> workingTime(@PathVariable String tenant, @RequestParam String at) {
        return access.require(tenant, Permission.CALENDAR_READ)
                .flatMap(grant -> instant(at).flatMap(instant -> store.effective(grant.context())
                        .map(calendar -> new WorkingTimeAnswer(instant, calendar.isWorkingTime(instant)))));
    }

    /** {@code ?from=…&workingDays=N} or {@code ?from=…&workingTime=PT4H}. */
    @GetMapping("/tenants/{tenant}/calendar/deadline")
    Mono<DeadlineAnswer> deadline(
            @PathVariable String tenant,
            @RequestParam String from,
            @RequestParam(required = false) @Nullable Integer workingDays,
            @RequestParam(required = false) @Nullable String workingTime) {
        if ((workingDays == null) == (workingTime == null)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "give exactly one of workingDays or workingTime (ISO-8601, PT4H)"));
        }
        if (workingDays != null && (workingDays < 0 || workingDays > 3650)) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "workingDays must be 0-3650"));
        }
        return access.require(tenant, Permission.CALENDAR_READ).flatMap(grant -> instant(from)
                .zipWith(workingTime == null ? Mono.just(Duration.ZERO) : duration(workingTime))
                .flatMap(args -> store.effective(grant.context())
                        .map(calendar -> new DeadlineAnswer(
                                args.getT1(),
                                workingDays != null
                                        ? calendar.addWorkingDays(args.getT1(), workingDays)
                                        : calendar.addWorkingTime(args.getT1(), args.getT2())))));
    }

    private static Mono<Instant> instant(String text) {
        try {
            return Mono.just(Instant.parse(text));
        } catch (DateTimeException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "instants are ISO-8601 UTC, e.g. 2026-10-09T08:00:00Z"));
        }
    }

    private static Mono<Duration> duration(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.compareTo(Duration.ofDays(3650)) > 0) {
                throw new DateTimeException("out of range");
            }
            return Mono.just(d);
        } catch (DateTimeException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "workingTime is an ISO-8601 duration such as PT4H, 0-3650 days"));
        }
    }
}
