package cn.hotline.ticket.ticket.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random sequences of commands from random actors: whatever is accepted keeps the ticket in a legal state, whatever
 * is refused changes nothing, and the ledger replays to the same ticket.
 */
class TicketStateMachinePropertyTest {

    private static final UnitCode A = UnitCode.of("unit-a");
    private static final UnitCode B = UnitCode.of("unit-b");
    private static final UnitCode C = UnitCode.of("unit-c");
    /** Stands for "the unit that holds the ticket now", so that sequences get past sign-for and reply often. */
    private static final UnitCode HOLDER = UnitCode.of("holder");

    private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

    record Step(TicketCommand command, Actor actor) {}

    /** Every state the random sequences reached, so that the property cannot pass by never leaving intake. */
    private static final Set<TicketStatus> REACHED = ConcurrentHashMap.newKeySet();

    @AfterContainer
    static void theSequencesReachedEveryState() {
        assertThat(REACHED).containsExactlyInAnyOrder(TicketStatus.values());
    }

    @Property(tries = 2000)
    void noSequenceOfCommandsReachesAnIllegalStateAndTheLedgerReplays(
            @ForAll("steps") @Size(max = 60) List<Step> steps) {
        List<LedgerEntry> ledger = new ArrayList<>();
        LedgerEntry first = Ticket.open(opened(), Actor.centre("user:clerk"), T0);
        ledger.add(first);
        Ticket ticket = Ticket.replay(ledger);
        Instant now = T0;
        for (Step step : steps) {
            now = now.plus(Duration.ofMinutes(7));
            Ticket before = ticket;
            Actor actor = step.actor();
            if (HOLDER.equals(actor.unit())) {
                actor = Actor.unit("user:holder", ticket.mainUnit() != null ? ticket.mainUnit() : A);
            }
            LedgerEntry entry;
            try {
                entry = ticket.decide(step.command(), actor, now);
            } catch (ProblemException refused) {
                assertThat(refused.code().name()).isIn("ILLEGAL_TRANSITION", "FORBIDDEN");
                assertThat(ticket).isEqualTo(before);
                continue;
            }
            ticket = ticket.apply(entry);
            ledger.add(entry);
            assertLegal(ticket);
            REACHED.add(ticket.status());
        }
        assertThat(Ticket.replay(ledger)).isEqualTo(ticket);
        assertThat(ticket.version()).isEqualTo(ledger.size());
    }

    @Property(tries = 300)
    void anArchivedTicketRefusesEverything(@ForAll("steps") @Size(min = 1, max = 10) List<Step> steps) {
        Ticket ticket = archived();
        for (Step step : steps) {
            Ticket archived = ticket;
            assertThatThrownBy(() -> archived.decide(step.command(), step.actor(), T0.plusSeconds(86_400)))
                    .isInstanceOf(IllegalTransition.class)
                    .hasMessageContaining("ARCHIVED");
        }
    }

    private static void assertLegal(Ticket t) {
        TicketStatus s = t.status();
        if (s.isWithUnit()) {
            assertThat(t.mainUnit())
                    .as("a ticket with a unit names its main unit")
                    .isNotNull();
            assertThat(t.coUnits()).doesNotContain(t.mainUnit());
            assertThat(t.involvedUnits()).contains(t.mainUnit());
        }
        if (s == TicketStatus.RECEIVED || s == TicketStatus.IN_REVIEW) {
            assertThat(t.mainUnit()).isNull();
            assertThat(t.secondLevelUnits()).isEmpty();
        }
        if (s == TicketStatus.SIGNED) {
            assertThat(t.signedAt()).isNotNull();
        }
        if (s == TicketStatus.ANSWERED || s == TicketStatus.CALLED_BACK || s == TicketStatus.CLOSED) {
            assertThat(t.answer()).isNotNull();
            assertThat(t.answeredAt()).isNotNull();
        }
        if (s == TicketStatus.CLOSED || s == TicketStatus.ARCHIVED) {
            assertThat(t.closedAt()).isNotNull();
        }
        boolean pending = s == TicketStatus.RETURN_REQUESTED
                || s == TicketStatus.EXTENSION_REQUESTED
                || s == TicketStatus.SUSPENDED;
        assertThat(t.resumeStatus() != null)
                .as("resume status set exactly while a review or suspension waits")
                .isEqualTo(pending);
        assertThat(t.pendingExtensionDays() > 0).isEqualTo(s == TicketStatus.EXTENSION_REQUESTED);
        assertThat(t.suspendedSince() != null).isEqualTo(s == TicketStatus.SUSPENDED);
        assertThat(t.hard()).as("hard exactly after two dissatisfied callbacks").isEqualTo(t.dissatisfiedCount() >= 2);
        assertThat(t.mergedInto() != null).isEqualTo(s == TicketStatus.MERGED);
        assertThat(t.secondLevelUnits()).doesNotHaveDuplicates();
        assertThat(t.calls()).doesNotHaveDuplicates();
    }

    private static Ticket archived() {
        List<LedgerEntry> ledger = new ArrayList<>();
        ledger.add(Ticket.open(opened(), Actor.centre("user:clerk"), T0));
        Ticket t = Ticket.replay(ledger);
        for (TicketCommand c : List.of(
                new TicketCommand.AnswerDirectly("政策见官网"),
                new TicketCommand.Callback(Satisfaction.SATISFIED, "满意"),
                new TicketCommand.Close("办结"),
                new TicketCommand.Archive())) {
            t = t.apply(t.decide(c, Actor.centre("user:clerk"), T0.plusSeconds(60L * t.version())));
        }
        assertThat(t.status()).isEqualTo(TicketStatus.ARCHIVED);
        return t;
    }

    static TicketEvent.TicketOpened opened() {
        return new TicketEvent.TicketOpened(
                new TicketId(UUID.fromString("0190a000-0000-7000-8000-000000000001")),
                Channel.PHONE,
                RequestKind.COMPLAINT,
                "urban.noise",
                Urgency.NORMAL,
                false,
                new Citizen("张先生", "13800138000", null),
                "夜间施工噪音扰民",
                "青秀区民族大道100号",
                "qingxiu",
                List.of(),
                null,
                null);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return step().list();
    }

    private Arbitrary<Step> step() {
        return Combinators.combine(command(), actor()).as(Step::new);
    }

    private Arbitrary<Actor> actor() {
        return Arbitraries.of(
                Actor.centre("user:clerk"),
                Actor.unit("user:a1", A),
                Actor.unit("user:b1", B),
                Actor.unit("user:c1", C),
                Actor.unit("user:holder", HOLDER),
                Actor.unit("user:holder", HOLDER),
                Actor.system("sla-scan"),
                Actor.city("city"));
    }

    private Arbitrary<TicketCommand> command() {
        Arbitrary<UnitCode> unit = Arbitraries.of(A, B, C);
        Arbitrary<Boolean> yes = Arbitraries.of(true, false);
        return Arbitraries.oneOf(List.of(
                Arbitraries.just(new TicketCommand.AnswerDirectly("答复内容")),
                Arbitraries.just(new TicketCommand.SendForReview("请审核")),
                Combinators.combine(unit, unit.list().ofMaxSize(2).uniqueElements())
                        .filter((main, co) -> !co.contains(main))
                        .as((main, co) -> new TicketCommand.Dispatch(main, co, "请办理")),
                unit.map(u -> new TicketCommand.DispatchSecondLevel(u, "二级派单")),
                Arbitraries.just(new TicketCommand.SignFor()),
                Arbitraries.just(new TicketCommand.RequestReturn("非本单位职责", List.of())),
                yes.map(a -> new TicketCommand.ReviewReturn(a, "审核")),
                Arbitraries.integers()
                        .between(1, 5)
                        .map(d -> new TicketCommand.RequestExtension(d, "需要现场核查", List.of())),
                yes.map(a -> new TicketCommand.ReviewExtension(a, "审核")),
                Arbitraries.just(new TicketCommand.Suspend("等待市民补充材料")),
                Arbitraries.just(new TicketCommand.Resume("材料已补充")),
                unit.map(u -> new TicketCommand.Transfer(u, "转交")),
                Arbitraries.just(new TicketCommand.Reply("已处理", List.of(new AttachmentRef("k/1.jpg", "现场.jpg")))),
                yes.map(a -> new TicketCommand.ReviewResult(a, "审核")),
                Arbitraries.just(new TicketCommand.AddNote("协办意见", List.of())),
                Arbitraries.just(new TicketCommand.Urge("请尽快")),
                Arbitraries.just(new TicketCommand.Supervise("督办")),
                Arbitraries.of(Satisfaction.values()).map(s -> new TicketCommand.Callback(s, "回访")),
                Arbitraries.just(new TicketCommand.Close("办结")),
                Arbitraries.just(new TicketCommand.Archive()),
                Arbitraries.of(
                                new CallId(UUID.fromString("0190a000-0000-7000-8000-0000000000c1")),
                                new CallId(UUID.fromString("0190a000-0000-7000-8000-0000000000c2")))
                        .map(TicketCommand.LinkCall::new),
                Arbitraries.just(new TicketCommand.MergeInto(
                        new TicketId(UUID.fromString("0190a000-0000-7000-8000-000000000002")), "重复")),
                Arbitraries.just(new TicketCommand.AbsorbDuplicate(
                        new TicketId(UUID.fromString("0190a000-0000-7000-8000-000000000003")))),
                Combinators.combine(Arbitraries.of("sign-for", "closing"), Arbitraries.of(WarningLevel.values()))
                        .as(TicketCommand.RaiseWarning::new)));
    }
}
