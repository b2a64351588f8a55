package cn.hotline.ticket.ticket.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicketTest {

    private static final UnitCode JTJ = UnitCode.of("qingxiu-jtj");
    private static final UnitCode CGJ = UnitCode.of("qingxiu-cgj");
    private static final UnitCode JD = UnitCode.of("qingxiu-jd-1");
    private static final Actor CLERK = Actor.centre("user:clerk");
    private static final Actor JTJ_USER = Actor.unit("user:jtj", JTJ);
    private static final Actor CGJ_USER = Actor.unit("user:cgj", CGJ);

    private final List<LedgerEntry> ledger = new ArrayList<>();
    private Ticket ticket;
    private Instant now = Instant.parse("2026-03-02T01:00:00Z");

    TicketTest() {
        ledger.add(Ticket.open(TicketStateMachinePropertyTest.opened(), CLERK, now));
        ticket = Ticket.replay(ledger);
    }

    private Ticket run(TicketCommand command, Actor actor) {
        now = now.plusSeconds(600);
        LedgerEntry entry = ticket.decide(command, actor, now);
        ledger.add(entry);
        ticket = ticket.apply(entry);
        return ticket;
    }

    @Test
    void goesFromDispatchThroughReplyReviewAndCallbackToAnArchivedCaseFile() {
        run(new TicketCommand.Dispatch(JTJ, List.of(CGJ), "请主办"), CLERK);
        run(new TicketCommand.SignFor(), JTJ_USER);
        run(new TicketCommand.DispatchSecondLevel(JD, "请街道核实"), JTJ_USER);
        run(new TicketCommand.AddNote("城管已到场", List.of()), CGJ_USER);
        run(new TicketCommand.RequestExtension(2, "需要协调", List.of()), JTJ_USER);
        run(new TicketCommand.ReviewExtension(true, "同意"), CLERK);
        run(new TicketCommand.Reply("已责令停工", List.of(new AttachmentRef("t/1.jpg", "整改.jpg"))), JTJ_USER);
        run(new TicketCommand.ReviewResult(true, "通过"), CLERK);
        run(new TicketCommand.Callback(Satisfaction.SATISFIED, "满意"), CLERK);
        run(new TicketCommand.Close("办结"), CLERK);
        run(new TicketCommand.Archive(), CLERK);

        assertThat(ticket.status()).isEqualTo(TicketStatus.ARCHIVED);
        assertThat(ticket.extensionDays()).isEqualTo(2);
        assertThat(ticket.involvedUnits()).containsExactly(JTJ, CGJ, JD);
        assertThat(ledger.get(7).attachments()).extracting(AttachmentRef::name).containsExactly("整改.jpg");
        assertThat(Ticket.replay(ledger)).isEqualTo(ticket);
    }

    @Test
    void refusesSignForByAUnitThatIsNotTheMainUnit() {
        run(new TicketCommand.Dispatch(JTJ, List.of(CGJ), "请主办"), CLERK);
        assertThatThrownBy(() -> ticket.decide(new TicketCommand.SignFor(), CGJ_USER, now))
                .isInstanceOf(NotTheHandler.class);
    }

    @Test
    void namesStateAndCommandWhenATransitionIsIllegal() {
        assertThatThrownBy(() -> ticket.decide(new TicketCommand.Close("x"), CLERK, now))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("RECEIVED")
                .hasMessageContaining("Close")
                .satisfies(e -> assertThat(((IllegalTransition) e).properties())
                        .containsEntry("state", "RECEIVED")
                        .containsEntry("command", "Close"));
    }

    @Test
    void secondDissatisfiedCallbackMakesAHardTicketThatIsDispatchedAgain() {
        run(new TicketCommand.AnswerDirectly("见政策"), CLERK);
        run(new TicketCommand.Callback(Satisfaction.DISSATISFIED, "不满意"), CLERK);
        assertThat(ticket.hard()).isFalse();
        assertThat(ticket.status()).isEqualTo(TicketStatus.RECEIVED);
        run(new TicketCommand.Dispatch(JTJ, List.of(), "再次交办"), CLERK);
        run(new TicketCommand.SignFor(), JTJ_USER);
        run(new TicketCommand.Reply("已处理", List.of()), JTJ_USER);
        run(new TicketCommand.ReviewResult(true, "通过"), CLERK);
        run(new TicketCommand.Callback(Satisfaction.DISSATISFIED, "仍不满意"), CLERK);

        assertThat(ticket.hard()).isTrue();
        assertThat(ticket.status()).isEqualTo(TicketStatus.RECEIVED);
        assertThat(((TicketEvent.CallbackRecorded) ledger.getLast().event()).madeHard())
                .isTrue();
    }

    @Test
    void approvedReturnBringsTheTicketBackToTheCentreAndCountsIt() {
        run(new TicketCommand.Dispatch(JTJ, List.of(), "交办"), CLERK);
        run(new TicketCommand.RequestReturn("非本单位职责", List.of()), JTJ_USER);
        run(new TicketCommand.ReviewReturn(true, "同意退回"), CLERK);
        assertThat(ticket.status()).isEqualTo(TicketStatus.RECEIVED);
        assertThat(ticket.mainUnit()).isNull();
        assertThat(ticket.returnCount()).isEqualTo(1);
    }
}
