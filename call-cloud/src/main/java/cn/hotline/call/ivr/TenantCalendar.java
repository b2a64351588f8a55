package cn.hotline.call.ivr;

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
 * A tenant's working calendar as tenant-service answers it ({@code GET /internal/tenants/{t}/calendar}): zone, weekly
 * hours, the hours of make-up working days (调休), and dated special days. Plain Java, for the IVR's working-hours and
 * holiday branches and the routing rules.
 */
public record TenantCalendar(
        ZoneId zone, Map<DayOfWeek, List<Period>> hours, List<Period> makeupDay, Map<LocalDate, DayKind> specialDays) {

    /** A working period within a day, {@code [start, end)}. */
    public record Period(LocalTime start, LocalTime end) {
        public Period {
            if (start == null || end == null || !start.isBefore(end)) {
                throw new IllegalArgumentException("a working period starts before it ends");
            }
        }

        boolean contains(LocalTime time) {
            return !time.isBefore(start) && time.isBefore(end);
        }
    }

    /** As tenant-service names them: a holiday, a make-up working day, or a normal day (cancels a default). */
    public enum DayKind {
        HOLIDAY,
        WORKDAY,
        NORMAL
    }

    public TenantCalendar {
        hours = Map.copyOf(hours);
        makeupDay = List.copyOf(makeupDay);
        specialDays = Map.copyOf(specialDays);
    }

    /**
     * tenant-service's default calendar without its holiday list: Monday to Friday 09:00-12:00 and 13:30-17:30 in
     * Asia/Shanghai. Used when tenant-service cannot be asked.
     */
    public static TenantCalendar fallback() {
        List<Period> day = List.of(
                new Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new Period(LocalTime.of(13, 30), LocalTime.of(17, 30)));
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(d, day);
        }
        return new TenantCalendar(ZoneId.of("Asia/Shanghai"), hours, day, Map.of());
    }

    public boolean isWorkingTime(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        DayKind kind = specialDays.get(local.toLocalDate());
        List<Period> periods;
        if (kind == DayKind.HOLIDAY) {
            return false;
        } else if (kind == DayKind.WORKDAY) {
            periods = makeupDay;
        } else {
            periods = hours.getOrDefault(local.getDayOfWeek(), List.of());
        }
        LocalTime time = local.toLocalTime();
        return periods.stream().anyMatch(p -> p.contains(time));
    }

    public boolean isHoliday(Instant at) {
        return specialDays.get(at.atZone(zone).toLocalDate()) == DayKind.HOLIDAY;
    }

    public LocalTime localTime(Instant at) {
        return at.atZone(zone).toLocalTime();
    }

    public DayOfWeek dayOfWeek(Instant at) {
        return at.atZone(zone).getDayOfWeek();
    }
}
