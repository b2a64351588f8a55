package cn.hotline.workforce.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RosterTest {

    static final ShiftType DAY = new ShiftType("D", "白班", LocalTime.of(8, 0), LocalTime.of(17, 0));
    static final ShiftType LATE = new ShiftType("L", "晚班", LocalTime.of(14, 0), LocalTime.of(23, 0));
    static final ShiftType NIGHT = new ShiftType("N", "夜班", LocalTime.of(22, 0), LocalTime.of(8, 0));
    static final Map<String, ShiftType> TYPES = Roster.index(List.of(DAY, LATE, NIGHT));
    static final LocalDate MON = LocalDate.of(2026, 11, 23);

    @Test
    void countsAgentsPerHalfHourIncludingTheNightShiftOfTheDayBefore() {
        Roster roster = new Roster(
                TYPES,
                List.of(
                        new Roster.Entry("a", MON, "D"),
                        new Roster.Entry("b", MON, "L"),
                        new Roster.Entry("c", MON.minusDays(1), "N")));
        int[] staffing = roster.staffing(MON);
        assertThat(staffing[0]).as("00:00, night shift of Sunday").isEqualTo(1);
        assertThat(staffing[15]).as("07:30").isEqualTo(1);
        assertThat(staffing[16]).as("08:00, night gone, day in").isEqualTo(1);
        assertThat(staffing[28]).as("14:00").isEqualTo(2);
        assertThat(staffing[34]).as("17:00").isEqualTo(1);
        assertThat(staffing[46]).as("23:00").isZero();
    }

    @Test
    void aLeaveThatThinsAHalfHourBelowTheMinimumBreaksTheStaffingRule() {
        Roster before = new Roster(
                TYPES,
                List.of(
                        new Roster.Entry("a", MON, "D"),
                        new Roster.Entry("b", MON, "D"),
                        new Roster.Entry("c", MON, "L")));
        Roster after = before.with(List.of(new Roster.Entry("a", MON, "D")), List.of());
        assertThat(before.check(after, List.of(MON), List.of("a"), 1, Duration.ofHours(11)))
                .isEmpty();
        List<Roster.Violation> violations = before.check(after, List.of(MON), List.of("a"), 2, Duration.ofHours(11));
        assertThat(violations).isNotEmpty().allMatch(v -> v.rule().equals("min-staffing"));
        assertThat(violations.getFirst().detail()).contains("08:00").contains("1 agent(s) left");
        // 14:00-17:00 keeps 2 (b and c): not a violation
        assertThat(violations).noneMatch(v -> v.detail().contains("14:00"));
    }

    @Test
    void aSwapThatLeavesTooLittleRestBreaksTheRestRule() {
        // b works the late shift on Monday (ends 23:00); taking a's day shift on Tuesday leaves 9 h
        Roster before = new Roster(
                TYPES, List.of(new Roster.Entry("b", MON, "L"), new Roster.Entry("a", MON.plusDays(1), "D")));
        Roster after = before.with(
                List.of(new Roster.Entry("a", MON.plusDays(1), "D")),
                List.of(new Roster.Entry("b", MON.plusDays(1), "D")));
        List<Roster.Violation> violations =
                before.check(after, List.of(MON.plusDays(1)), List.of("a", "b"), 0, Duration.ofHours(11));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("min-rest");
            assertThat(v.detail()).startsWith("b: 9 h 0 min");
        });
        assertThat(before.check(after, List.of(MON.plusDays(1)), List.of("a", "b"), 0, Duration.ofHours(8)))
                .isEmpty();
    }

    @Test
    void adherenceCountsWorkingStatesWithinTheShiftOnly() {
        Scheduling.Shift shift = new Scheduling.Shift("a", MON, "D", MON.atTime(8, 0), MON.atTime(17, 0));
        Instant start = Instant.parse("2026-11-23T00:00:00Z"); // 08:00 in Shanghai
        Instant end = start.plus(Duration.ofHours(9));
        List<Map.Entry<Instant, String>> changes = List.of(
                Map.entry(start.minus(Duration.ofHours(2)), "LOGGED_OUT"),
                Map.entry(start.plus(Duration.ofMinutes(10)), "READY"),
                Map.entry(start.plus(Duration.ofMinutes(60)), "TALKING"),
                Map.entry(start.plus(Duration.ofMinutes(90)), "AFTER_CALL_WORK"),
                Map.entry(start.plus(Duration.ofMinutes(100)), "NOT_READY"),
                Map.entry(start.plus(Duration.ofMinutes(130)), "READY"),
                Map.entry(start.plus(Duration.ofMinutes(500)), "LOGGED_OUT"));
        Scheduling.Adherence a = Scheduling.adherence(shift, start, end, changes);
        assertThat(a.scheduledMinutes()).isEqualTo(540);
        assertThat(a.workingMinutes()).isEqualTo(90 + 370);
        assertThat(a.notReadyMinutes()).isEqualTo(30);
        assertThat(a.loggedOutMinutes()).isEqualTo(10 + 40);
        assertThat(a.adherence()).isEqualTo(Math.round(1000.0 * 460 / 540) / 1000.0);
    }
}
