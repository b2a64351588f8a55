package cn.hotline.tenant.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A tenant's working-time calendar: a weekly pattern, overridden on dated special days (holidays and make-up
 * working days, 调休). Pure and immutable: call routing asks {@link #isWorkingTime(Instant)}, ticket SLA timers
 * ask {@link #addWorkingDays(Instant, int)} and {@link #addWorkingTime(Instant, Duration)}.
 */
public final class WorkingCalendar {

    /** How far the calendar searches for working time before it gives up (about ten years). */
    static final int SEARCH_HORIZON_DAYS = 3660;

    private final ZoneId zone;
    private final WeeklyHours hours;
    private final Map<LocalDate, SpecialDay> specialDays;

    public WorkingCalendar(ZoneId zone, WeeklyHours hours, Collection<SpecialDay> specialDays) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.hours = Objects.requireNonNull(hours, "hours");
        if (hours.weeklyTotal().isZero()) {
            throw new IllegalArgumentException("a working calendar needs working time on at least one weekday");
        }
        this.specialDays = specialDays.stream()
                .collect(Collectors.toMap(
                        SpecialDay::date,
                        Function.identity(),
                        (a, b) -> {
                            throw new IllegalArgumentException("two entries for " + a.date());
                        },
                        TreeMap::new));
    }

    public ZoneId zone() {
        return zone;
    }

    public WeeklyHours hours() {
        return hours;
    }

    public List<SpecialDay> specialDays() {
        return List.copyOf(specialDays.values());
    }

    public Optional<SpecialDay> specialDay(LocalDate date) {
        return Optional.ofNullable(specialDays.get(date));
    }

    /** The working periods of a date, after holidays and make-up days are applied. */
    public List<WorkingPeriod> periodsOn(LocalDate date) {
        SpecialDay special = specialDays.get(date);
        if (special != null) {
            return switch (special.kind()) {
                case HOLIDAY -> List.of();
                case WORKDAY -> hours.makeupDay();
            };
        }
        return hours.on(date.getDayOfWeek());
    }

    public boolean isWorkingDay(LocalDate date) {
        return !periodsOn(date).isEmpty();
    }

    /** True when {@code instant} falls inside a working period ({@code start <= t < end}) of its local date. */
    public boolean isWorkingTime(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        for (WorkingPeriod period : periodsOn(local.toLocalDate())) {
            if (!time.isBefore(period.start()) && time.isBefore(period.end())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instant {@code days} working days after {@code from}, at the same local time of day. An instant on a
     * rest day or holiday first moves to the start of the next working day, so "1 working day after Saturday
     * 10:00" is the Tuesday start of work — one full working day after Monday's start.
     */
    public Instant addWorkingDays(Instant from, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("working days to add must not be negative: " + days);
        }
        ZonedDateTime local = from.atZone(zone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        if (!isWorkingDay(date)) {
            date = nextWorkingDay(date);
            time = periodsOn(date).getFirst().start();
        }
        for (int i = 0; i < days; i++) {
            date = nextWorkingDay(date);
        }
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    /**
     * The instant at which {@code amount} of working time has passed since {@code from}, counting only time
     * inside working periods. When the amount runs out exactly at the end of a period, that end is the answer.
     */
    public Instant addWorkingTime(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("working time to add must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return from;
        }
        Duration remaining = amount;
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int day = 0; day <= SEARCH_HORIZON_DAYS; day++, date = date.plusDays(1)) {
            for (WorkingPeriod period : periodsOn(date)) {
                Instant start =
                        max(from, ZonedDateTime.of(date, period.start(), zone).toInstant());
                Instant end = ZonedDateTime.of(date, period.end(), zone).toInstant();
                if (!start.isBefore(end)) {
                    continue;
                }
                Duration available = Duration.between(start, end);
                if (remaining.compareTo(available) <= 0) {
                    return start.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("no working time within " + SEARCH_HORIZON_DAYS + " days after " + from);
    }

    /** Working time inside {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            for (WorkingPeriod period : periodsOn(date)) {
                Instant start =
                        max(from, ZonedDateTime.of(date, period.start(), zone).toInstant());
                Instant end = min(to, ZonedDateTime.of(date, period.end(), zone).toInstant());
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    private LocalDate nextWorkingDay(LocalDate after) {
        LocalDate date = after;
        for (int i = 0; i < SEARCH_HORIZON_DAYS; i++) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                return date;
            }
        }
        throw new IllegalStateException("no working day within " + SEARCH_HORIZON_DAYS + " days after " + after);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
