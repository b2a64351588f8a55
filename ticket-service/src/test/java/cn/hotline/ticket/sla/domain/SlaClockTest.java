package cn.hotline.ticket.sla.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TicketId;
import cn.hotline.ticket.sla.domain.LimitState.Light;
import cn.hotline.ticket.sla.domain.LimitState.Outcome;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.UnitCode;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlaClockTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final UnitCode JTJ = UnitCode.of("qingxiu-jtj");
    static final Actor CLERK = Actor.centre("user:clerk");
    static final Actor UNIT = Actor.unit("user:jtj", JTJ);

    /** Weekdays 09:00-12:00, 13:30-17:30; 国庆 2026: Oct 1, 2, 5, 6, 7 holidays; Oct 10 (Sat) a make-up day. */
    static WorkingCalendar calendar() {
        List<LocalTime[]> day = List.of(
                new LocalTime[] {LocalTime.of(9, 0), LocalTime.of(12, 0)},
                new LocalTime[] {LocalTime.of(13, 30), LocalTime.of(17, 30)});
        Map<DayOfWeek, List<LocalTime[]>> weekly = new java.util.EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            weekly.put(d, day);
        }
        Map<LocalDate, String> special = new java.util.HashMap<>();
        for (int d : new int[] {1, 2, 5, 6, 7}) {
            special.put(LocalDate.of(2026, 10, d), "HOLIDAY");
        }
        special.put(LocalDate.of(2026, 10, 10), "WORKDAY");
        return new WorkingCalendar(SHANGHAI, weekly, day, special);
    }

    static Instant at(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, SHANGHAI).toInstant();
    }

    private final List<LedgerEntry> ledger = new ArrayList<>();
    private Ticket ticket;

    private void open(RequestKind kind, Urgency urgency, Channel channel, Instant at) {
        ledger.add(Ticket.open(
                new TicketEvent.TicketOpened(
                        new TicketId(UUID.fromString("0190a000-0000-7000-8000-000000000009")),
                        channel,
                        kind,
                        "env.noise",
                        urgency,
                        false,
                        new Citizen(null, "13800138000", null),
                        "内容",
                        null,
                        null,
                        List.of(),
                        null,
                        null),
                CLERK,
                at));
        ticket = Ticket.replay(ledger);
    }

    private void step(TicketCommand command, Actor actor, Instant at) {
        LedgerEntry entry = ticket.decide(command, actor, at);
        ledger.add(entry);
        ticket = ticket.apply(entry);
    }

    private LimitState limit(String name, Instant now) {
        return SlaClock.evaluate(ledger, calendar(), SlaPolicy.standard(), now).stream()
                .filter(s -> s.limit().equals(name))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void aConsultationOpenedBeforeNationalDayIsDueOnTheMakeUpSaturday() {
        open(RequestKind.CONSULTATION, Urgency.NORMAL, Channel.PHONE, at(9, 30, 10, 0));
        LimitState closing = limit(SlaClock.CLOSING, at(10, 9, 9, 0));
        assertThat(closing.basis()).isEqualTo("WORKING_DAYS");
        assertThat(closing.dueAt()).isEqualTo(at(10, 10, 10, 0));
        assertThat(closing.light()).isEqualTo(Light.YELLOW);
        assertThat(limit(SlaClock.CLOSING, at(10, 8, 9, 0)).light()).isEqualTo(Light.GREEN);
        assertThat(limit(SlaClock.CLOSING, at(10, 10, 10, 1)).light()).isEqualTo(Light.RED);
    }

    @Test
    void aComplaintGetsFiveWorkingDaysAndAnApprovedExtensionAddsItsDays() {
        open(RequestKind.COMPLAINT, Urgency.NORMAL, Channel.PHONE, at(9, 30, 10, 0));
        assertThat(limit(SlaClock.CLOSING, at(10, 1, 0, 0)).dueAt()).isEqualTo(at(10, 13, 10, 0));
        step(new TicketCommand.Dispatch(JTJ, List.of(), "交办"), CLERK, at(9, 30, 11, 0));
        step(new TicketCommand.SignFor(), UNIT, at(9, 30, 11, 10));
        step(new TicketCommand.RequestExtension(2, "需协调", List.of()), UNIT, at(10, 8, 9, 0));
        step(new TicketCommand.ReviewExtension(true, "同意"), CLERK, at(10, 8, 10, 0));
        assertThat(limit(SlaClock.CLOSING, at(10, 8, 10, 0)).dueAt()).isEqualTo(at(10, 15, 10, 0));
    }

    @Test
    void aSuspensionStopsTheClosingClockForItsDuration() {
        open(RequestKind.CONSULTATION, Urgency.NORMAL, Channel.PHONE, at(11, 2, 10, 0));
        step(new TicketCommand.Dispatch(JTJ, List.of(), "交办"), CLERK, at(11, 2, 10, 5));
        step(new TicketCommand.SignFor(), UNIT, at(11, 2, 10, 10));
        step(new TicketCommand.Suspend("等待市民补充材料"), CLERK, at(11, 3, 10, 0));
        Instant due = at(11, 5, 10, 0);
        // while suspended the due time moves with the clock
        assertThat(limit(SlaClock.CLOSING, at(11, 3, 13, 0)).dueAt()).isEqualTo(due.plusSeconds(3 * 3600));
        step(new TicketCommand.Resume("已补充"), CLERK, at(11, 3, 12, 0));
        assertThat(limit(SlaClock.CLOSING, at(11, 4, 9, 0)).dueAt()).isEqualTo(due.plusSeconds(2 * 3600));
    }

    @Test
    void anUrgentSignForTurnsYellowAfterEightyPercentAndRedAfterThirtyMinutes() {
        open(RequestKind.HELP, Urgency.URGENT, Channel.PHONE, at(11, 2, 22, 0));
        step(new TicketCommand.Dispatch(JTJ, List.of(), "突发"), CLERK, at(11, 2, 22, 5));
        assertThat(limit(SlaClock.SIGN_FOR, at(11, 2, 22, 20)).light()).isEqualTo(Light.GREEN);
        assertThat(limit(SlaClock.SIGN_FOR, at(11, 2, 22, 30)).light()).isEqualTo(Light.YELLOW);
        assertThat(limit(SlaClock.SIGN_FOR, at(11, 2, 22, 36)).light()).isEqualTo(Light.RED);
        step(new TicketCommand.SignFor(), UNIT, at(11, 2, 22, 40));
        LimitState signed = limit(SlaClock.SIGN_FOR, at(11, 2, 23, 0));
        assertThat(signed.outcome()).isEqualTo(Outcome.MET_LATE);
        assertThat(signed.basis()).isEqualTo("CLOCK");
    }

    @Test
    void aTransferStartsANewSignForClockAndTheReceiveLimitAppliesToCityTicketsOnly() {
        open(RequestKind.COMPLAINT, Urgency.NORMAL, Channel.CITY_PLATFORM, at(11, 2, 9, 0));
        assertThat(limit(SlaClock.RECEIVE, at(11, 2, 9, 50)).light()).isEqualTo(Light.YELLOW);
        step(new TicketCommand.Dispatch(JTJ, List.of(), "交办"), CLERK, at(11, 2, 9, 55));
        assertThat(limit(SlaClock.RECEIVE, at(11, 2, 10, 0)).outcome()).isEqualTo(Outcome.MET_ON_TIME);
        step(new TicketCommand.Transfer(UnitCode.of("qingxiu-cgj"), "非本单位"), UNIT, at(11, 3, 9, 0));
        List<LimitState> signFors =
                SlaClock.evaluate(ledger, calendar(), SlaPolicy.standard(), at(11, 3, 10, 0)).stream()
                        .filter(s -> s.limit().equals(SlaClock.SIGN_FOR))
                        .toList();
        assertThat(signFors).extracting(LimitState::outcome).containsExactly(Outcome.CANCELLED, Outcome.RUNNING);
        assertThat(signFors.get(1).dueAt()).isEqualTo(at(11, 4, 9, 0));

        ledger.clear();
        open(RequestKind.COMPLAINT, Urgency.NORMAL, Channel.PHONE, at(11, 2, 9, 0));
        assertThat(SlaClock.evaluate(ledger, calendar(), SlaPolicy.standard(), at(11, 2, 9, 0)))
                .extracting(LimitState::limit)
                .doesNotContain(SlaClock.RECEIVE);
    }
}
