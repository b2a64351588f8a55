package cn.hotline.tenant.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Working periods per weekday, sorted and non-overlapping, plus the periods worked on a make-up working day.
 * A weekday without periods is a rest day.
 */
public record WeeklyHours(Map<DayOfWeek, List<WorkingPeriod>> days, List<WorkingPeriod> makeupDay) {

    public WeeklyHours {
        EnumMap<DayOfWeek, List<WorkingPeriod>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            copy.put(day, normalised(day.toString(), days.getOrDefault(day, List.of())));
        }
        days = Collections.unmodifiableMap(copy);
        makeupDay = normalised("make-up day", makeupDay);
        if (makeupDay.isEmpty()) {
            throw new IllegalArgumentException("a make-up working day needs at least one working period");
        }
    }

    private static List<WorkingPeriod> normalised(String what, List<WorkingPeriod> periods) {
        List<WorkingPeriod> sorted = new ArrayList<>(periods);
        Collections.sort(sorted);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new IllegalArgumentException(
                        what + ": working periods " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
        return List.copyOf(sorted);
    }

    /** Monday to Friday with the same periods, which make-up days also use; Saturday and Sunday off. */
    public static WeeklyHours officeHours(List<WorkingPeriod> periods) {
        Map<DayOfWeek, List<WorkingPeriod>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            days.put(day, periods);
        }
        return new WeeklyHours(days, periods);
    }

    /** 09:00-12:00 and 13:30-17:30 on weekdays: the default for a new tenant. */
    public static WeeklyHours standard() {
        return officeHours(List.of(WorkingPeriod.of("09:00", "12:00"), WorkingPeriod.of("13:30", "17:30")));
    }

    public List<WorkingPeriod> on(DayOfWeek day) {
        return days.get(day);
    }

    public Duration weeklyTotal() {
        return days.values().stream()
                .flatMap(List::stream)
                .map(WorkingPeriod::length)
                .reduce(Duration.ZERO, Duration::plus);
    }
}
