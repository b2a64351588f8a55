package cn.hotline.ticket.directory;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * tenant-service's effective calendar, in its wire shape ({@code CalendarView}): zone, working periods per weekday
 * ({@code MONDAY: [{start: "09:00", end: "12:00"}]}), the periods of a make-up working day, and special days
 * ({@code HOLIDAY}, {@code WORKDAY}, {@code NORMAL}).
 */
public record CalendarData(
        String zone, Map<String, List<Period>> hours, List<Period> makeupDay, List<Day> specialDays) {

    public record Period(String start, String end) {}

    public record Day(String date, String kind, @Nullable String name) {}
}
