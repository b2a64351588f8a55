package cn.hotline.ticket.sla.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's working days, as tenant-service defines them: weekly working periods, holidays ({@code HOLIDAY}),
 * make-up working days ({@code WORKDAY} 调休, worked with the make-up periods) and {@code NORMAL} days that cancel a
 * default. "N working days after X" keeps X's time of day on the N-th following working day; X on a rest day first
 * moves to the start of the next working day — the same rule as tenant-service's {@code WorkingCalendar}.
 */
public record WorkingCalendar(
        ZoneId zone,
        Map<DayOfWeek, List<LocalTime[]>> weekly,
        List<LocalTime[]> makeupDay,
        Map<LocalDate, String> special) {

    public WorkingCalendar {
        if (zone == null) {
            throw new IllegalArgumentException("zone is required");
        }
        Map<DayOfWeek, List<LocalTime[]>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            copy.put(day, List.copyOf(weekly.getOrDefault(day, List.of())));
        }
        weekly = Map.copyOf(copy);
        makeupDay = List.copyOf(makeupDay);
        if (makeupDay.isEmpty()) {
            throw new IllegalArgumentException("a make-up working day needs working periods");
        }
        special = Map.copyOf(special);
        if (weekly.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a calendar needs at least one working weekday");
        }
    }

    public boolean isWorkingDay(LocalDate date) {
        String kind = special.get(date);
        if ("HOLIDAY".equals(kind)) {
            return false;
        }
        if ("WORKDAY".equals(kind)) {
            return true;
        }
        return !weekly.get(date.getDayOfWeek()).isEmpty();
    }

    public List<LocalTime[]> periods(LocalDate date) {
        String kind = special.get(date);
        if ("HOLIDAY".equals(kind)) {
            return List.of();
        }
        if ("WORKDAY".equals(kind)) {
            return makeupDay;
        }
        return weekly.get(date.getDayOfWeek());
    }

    /** The N-th working day after {@code from}, at {@code from}'s time of day. */
    public Instant plusWorkingDays(Instant from, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative");
        }
        ZonedDateTime at = from.atZone(zone);
        LocalDate date = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        if (!isWorkingDay(date)) {
            date = nextWorkingDay(date);
            time = periods(date).getFirst()[0];
        }
        for (int i = 0; i < days; i++) {
            date = nextWorkingDay(date);
        }
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    private LocalDate nextWorkingDay(LocalDate date) {
        LocalDate next = date.plusDays(1);
        for (int guard = 0; guard < 366 && !isWorkingDay(next); guard++) {
            next = next.plusDays(1);
        }
        return next;
    }
}
