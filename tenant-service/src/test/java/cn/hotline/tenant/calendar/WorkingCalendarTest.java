package cn.hotline.tenant.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final WorkingCalendar calendar =
            new WorkingCalendar(SHANGHAI, WeeklyHours.standard(), ChineseHolidays.of2026());

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void workingTimeIsInsideAPeriodOfAWorkingDay() {
        assertThat(calendar.isWorkingTime(at("2026-03-02T09:00:00"))).isTrue(); // Monday, start inclusive
        assertThat(calendar.isWorkingTime(at("2026-03-02T11:59:59"))).isTrue();
        assertThat(calendar.isWorkingTime(at("2026-03-02T12:00:00"))).isFalse(); // lunch, end exclusive
        assertThat(calendar.isWorkingTime(at("2026-03-02T13:30:00"))).isTrue();
        assertThat(calendar.isWorkingTime(at("2026-03-02T17:30:00"))).isFalse();
        assertThat(calendar.isWorkingTime(at("2026-03-02T08:59:59"))).isFalse();
    }

    @Test
    void weekendsAreNotWorkingTime() {
        assertThat(calendar.isWorkingTime(at("2026-03-07T10:00:00"))).isFalse(); // Saturday
        assertThat(calendar.isWorkingTime(at("2026-03-08T10:00:00"))).isFalse(); // Sunday
    }

    @Test
    void publicHolidaysOnWeekdaysAreNotWorkingTime() {
        assertThat(calendar.isWorkingTime(at("2026-10-01T10:00:00"))).isFalse(); // 国庆, Thursday
        assertThat(calendar.isWorkingTime(at("2026-02-16T10:00:00"))).isFalse(); // 春节, Monday
        assertThat(calendar.isWorkingTime(at("2026-01-01T10:00:00"))).isFalse(); // 元旦
    }

    @Test
    void makeUpWorkingDaysOnWeekendsAreWorkingTime() {
        assertThat(LocalDate.parse("2026-02-14").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(calendar.isWorkingTime(at("2026-02-14T10:00:00"))).isTrue();
        assertThat(calendar.isWorkingTime(at("2026-09-20T14:00:00"))).isTrue(); // Sunday 调休
        assertThat(calendar.isWorkingTime(at("2026-01-04T09:30:00"))).isTrue();
    }

    @Test
    void instantsAreJudgedInTheCalendarsZoneNotUtc() {
        // 2026-03-02T01:30Z is 09:30 in Shanghai on a Monday.
        assertThat(calendar.isWorkingTime(Instant.parse("2026-03-02T01:30:00Z")))
                .isTrue();
        assertThat(calendar.isWorkingTime(Instant.parse("2026-03-02T00:30:00Z")))
                .isFalse();
    }

    @Test
    void holidaySchedule2026HasTheOfficialCounts() {
        List<SpecialDay> days = ChineseHolidays.of2026();
        assertThat(days.stream().filter(d -> d.kind() == DayKind.HOLIDAY)).hasSize(33);
        assertThat(days.stream().filter(d -> d.kind() == DayKind.WORKDAY))
                .extracting(SpecialDay::date)
                .allSatisfy(d -> assertThat(d.getDayOfWeek()).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY))
                .hasSize(6);
    }

    @Test
    void addingWorkingDaysSkipsWeekendsKeepingTheTimeOfDay() {
        assertThat(calendar.addWorkingDays(at("2026-03-06T15:00:00"), 1)) // Friday
                .isEqualTo(at("2026-03-09T15:00:00")); // Monday
        assertThat(calendar.addWorkingDays(at("2026-03-02T10:00:00"), 5)).isEqualTo(at("2026-03-09T10:00:00"));
    }

    @Test
    void addingWorkingDaysCrossesTheNationalDayWeekAndItsMakeUpSaturday() {
        // Wednesday 30 September + 1 → the holiday runs 1-7 October → Thursday 8 October.
        assertThat(calendar.addWorkingDays(at("2026-09-30T16:00:00"), 1)).isEqualTo(at("2026-10-08T16:00:00"));
        // Friday 9 October + 1 → Saturday 10 October is a make-up working day.
        assertThat(calendar.addWorkingDays(at("2026-10-09T16:00:00"), 1)).isEqualTo(at("2026-10-10T16:00:00"));
    }

    @Test
    void addingWorkingDaysFromARestDayStartsAtTheNextMorning() {
        assertThat(calendar.addWorkingDays(at("2026-03-07T10:00:00"), 0)).isEqualTo(at("2026-03-09T09:00:00"));
        assertThat(calendar.addWorkingDays(at("2026-03-07T10:00:00"), 1)).isEqualTo(at("2026-03-10T09:00:00"));
    }

    @Test
    void addingZeroWorkingDaysOnAWorkingDayChangesNothing() {
        Instant monday = at("2026-03-02T20:00:00");
        assertThat(calendar.addWorkingDays(monday, 0)).isEqualTo(monday);
    }

    @Test
    void addingWorkingHoursSkipsLunchNightsAndHolidays() {
        assertThat(calendar.addWorkingTime(at("2026-03-02T11:00:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-02T14:30:00"));
        // 17:00 Friday + 1h: 30 min on Friday, 30 min on Monday.
        assertThat(calendar.addWorkingTime(at("2026-03-06T17:00:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-03-09T09:30:00"));
        // 30 September 17:00 + 1h → 8 October 09:30.
        assertThat(calendar.addWorkingTime(at("2026-09-30T17:00:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-10-08T09:30:00"));
    }

    @Test
    void addingWorkingHoursThatEndExactlyAtAPeriodsEndAnswersThatEnd() {
        assertThat(calendar.addWorkingTime(at("2026-03-02T09:00:00"), Duration.ofHours(3)))
                .isEqualTo(at("2026-03-02T12:00:00"));
    }

    @Test
    void addingWorkingHoursFromOutsideWorkingTimeStartsAtTheNextPeriod() {
        assertThat(calendar.addWorkingTime(at("2026-03-02T06:00:00"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-03-02T09:30:00"));
        assertThat(calendar.addWorkingTime(at("2026-03-02T12:10:00"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-03-02T14:00:00"));
    }

    @Test
    void refusesNegativeAmounts() {
        assertThatThrownBy(() -> calendar.addWorkingDays(at("2026-03-02T09:00:00"), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calendar.addWorkingTime(at("2026-03-02T09:00:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAWeekWithoutWorkingTime() {
        WeeklyHours none = new WeeklyHours(Map.of(), List.of(WorkingPeriod.of("09:00", "17:00")));
        assertThatThrownBy(() -> new WorkingCalendar(SHANGHAI, none, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one weekday");
    }

    @Test
    void refusesOverlappingPeriodsAndTwoEntriesForOneDate() {
        assertThatThrownBy(() -> WeeklyHours.officeHours(
                        List.of(WorkingPeriod.of("09:00", "12:00"), WorkingPeriod.of("11:00", "13:00"))))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> WorkingPeriod.of("12:00", "09:00")).isInstanceOf(IllegalArgumentException.class);
        LocalDate day = LocalDate.parse("2026-03-02");
        assertThatThrownBy(() -> new WorkingCalendar(
                        SHANGHAI,
                        WeeklyHours.standard(),
                        List.of(new SpecialDay(day, DayKind.HOLIDAY, "a"), new SpecialDay(day, DayKind.WORKDAY, "b"))))
                .hasMessageContaining("two entries");
    }

    @Test
    void tenantOverridesTurnAWorkdayIntoAHoliday() {
        WorkingCalendar local = new WorkingCalendar(
                SHANGHAI,
                WeeklyHours.standard(),
                List.of(new SpecialDay(LocalDate.parse("2026-03-03"), DayKind.HOLIDAY, "地方假日")));
        assertThat(local.addWorkingDays(at("2026-03-02T10:00:00"), 1)).isEqualTo(at("2026-03-04T10:00:00"));
    }

    /** Properties over many random instants and amounts across 2026 (seeded, so a failure reproduces). */
    @Test
    void addedWorkingTimeIsExactlyTheWorkingTimeBetweenAndEndsInsideOrAtTheEndOfAPeriod() {
        Random random = new Random(20261123L);
        Instant yearStart = at("2026-01-01T00:00:00");
        for (int i = 0; i < 2000; i++) {
            Instant from = yearStart.plusSeconds(random.nextLong(360L * 24 * 3600));
            Duration amount = Duration.ofMinutes(1 + random.nextInt(60 * 40));
            Instant due = calendar.addWorkingTime(from, amount);

            assertThat(due).as("from %s + %s", from, amount).isAfter(from);
            assertThat(calendar.workingTimeBetween(from, due))
                    .as("working time between %s and %s", from, due)
                    .isEqualTo(amount);
            assertThat(calendar.isWorkingTime(due.minusSeconds(1)))
                    .as("the second before %s is working time", due)
                    .isTrue();
        }
    }

    @Test
    void addedWorkingDaysLandOnAWorkingDayWithTheRightNumberOfWorkingDaysBetween() {
        Random random = new Random(12345L);
        Instant yearStart = at("2026-01-01T00:00:00");
        for (int i = 0; i < 1000; i++) {
            Instant from = yearStart.plusSeconds(random.nextLong(340L * 24 * 3600));
            int days = 1 + random.nextInt(20);
            Instant due = calendar.addWorkingDays(from, days);
            LocalDate start = from.atZone(SHANGHAI).toLocalDate();
            LocalDate end = due.atZone(SHANGHAI).toLocalDate();

            assertThat(calendar.isWorkingDay(end))
                    .as("%s + %d working days", from, days)
                    .isTrue();
            long workingDaysAfterStart = start.plusDays(1)
                    .datesUntil(end.plusDays(1))
                    .filter(calendar::isWorkingDay)
                    .count();
            long expected = calendar.isWorkingDay(start) ? days : days + 1;
            assertThat(workingDaysAfterStart)
                    .as("%s + %d working days = %s", from, days, due)
                    .isEqualTo(expected);
        }
    }
}
