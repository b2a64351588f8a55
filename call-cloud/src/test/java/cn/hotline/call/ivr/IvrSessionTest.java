package cn.hotline.call.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.prompt.PromptName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IvrSessionTest {

    /** Tuesday 2026-03-10 10:00 in Shanghai: working hours. */
    private static final Instant WORKING = Instant.parse("2026-03-10T02:00:00Z");
    /** Tuesday 2026-03-10 20:00 in Shanghai: closed. */
    private static final Instant EVENING = Instant.parse("2026-03-10T12:00:00Z");
    /** Thursday 2026-10-01 10:00, 国庆: a holiday. */
    private static final Instant NATIONAL_DAY = Instant.parse("2026-10-01T02:00:00Z");
    /** Saturday 2026-10-10 10:00, a make-up working day. */
    private static final Instant MAKEUP_SATURDAY = Instant.parse("2026-10-10T02:00:00Z");

    private static final TenantCalendar CALENDAR = calendar();

    private static TenantCalendar calendar() {
        TenantCalendar base = TenantCalendar.fallback();
        Map<LocalDate, TenantCalendar.DayKind> special = new HashMap<>();
        special.put(LocalDate.of(2026, 10, 1), TenantCalendar.DayKind.HOLIDAY);
        special.put(LocalDate.of(2026, 10, 10), TenantCalendar.DayKind.WORKDAY);
        return new TenantCalendar(base.zone(), base.hours(), base.makeupDay(), special);
    }

    private static IvrSession session(Instant at) {
        return IvrSession.of(IvrFixtures.version(IvrFixtures.MENU_TREE), CALENDAR, Clock.fixed(at, ZoneOffset.UTC));
    }

    private static IvrAction.Play play(List<IvrAction> actions) {
        assertThat(actions).last().isInstanceOf(IvrAction.Play.class);
        return (IvrAction.Play) actions.getLast();
    }

    /** Started, welcome finished: the menu prompt plays. */
    private static IvrAction.Play atMenu(IvrSession session) {
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        assertThat(welcome.prompts()).containsExactly(PromptName.of("welcome"));
        assertThat(welcome.interruptible()).isFalse();
        IvrAction.Play menu = play(session.on(new IvrInput.PromptFinished(welcome.id())));
        assertThat(menu.prompts()).containsExactly(PromptName.of("menu"));
        assertThat(menu.interruptible()).isTrue();
        return menu;
    }

    @Test
    void duringWorkingHoursAChoiceQueuesTheCallToItsGroupWithItsPriority() {
        IvrSession session = session(WORKING);
        IvrAction.Play menu = atMenu(session);
        List<IvrAction> collect = session.on(new IvrInput.PromptFinished(menu.id()));
        assertThat(collect).singleElement().isInstanceOf(IvrAction.CollectDigit.class);
        assertThat(((IvrAction.CollectDigit) collect.getFirst()).timeout()).isEqualTo(Duration.ofSeconds(5));

        List<IvrAction> queued = session.on(new IvrInput.Digit('1'));

        assertThat(queued).containsExactly(new IvrAction.QueueCall(SkillId.of("payment"), 3, List.of("1")));
        assertThat(session.ended()).isTrue();
        assertThat(session.outcome()).isEqualTo(queued.getFirst());
        assertThat(session.choices()).containsExactly("1");
        assertThat(session.path())
                .extracting(IvrSession.Step::node)
                .containsExactly("welcome", "today", "hours", "menu", "menu", "payment");
    }

    @Test
    void aDigitDuringTheMenuPromptStopsItAndCounts() {
        IvrSession session = session(WORKING);
        IvrAction.Play menu = atMenu(session);

        List<IvrAction> actions = session.on(new IvrInput.Digit('2'));

        assertThat(actions)
                .containsExactly(new IvrAction.StopPlaying(), new IvrAction.QueueCall(null, 0, List.of("2")));
        // the stopped prompt's late report is ignored
        assertThat(session.on(new IvrInput.PromptFinished(menu.id()))).isEmpty();
    }

    @Test
    void digitsDuringAnAnnouncementAreIgnored() {
        IvrSession session = session(WORKING);
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        assertThat(session.on(new IvrInput.Digit('1'))).isEmpty();
        assertThat(play(session.on(new IvrInput.PromptFinished(welcome.id()))).prompts())
                .containsExactly(PromptName.of("menu"));
    }

    @Test
    void outsideWorkingHoursTheCallerIsOfferedVoicemail() {
        IvrSession session = session(EVENING);
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        IvrAction.Play leave = play(session.on(new IvrInput.PromptFinished(welcome.id())));
        assertThat(leave.prompts()).containsExactly(PromptName.of("leave-message"));
        assertThat(session.on(new IvrInput.PromptFinished(leave.id())))
                .containsExactly(new IvrAction.TakeVoicemail(Duration.ofSeconds(60)));
        assertThat(session.path())
                .anyMatch(step -> step.node().equals("hours") && step.note().startsWith("closed"));
    }

    @Test
    void onAHolidayTheHolidayBranchIsTakenEvenInOfficeHours() {
        IvrSession session = session(NATIONAL_DAY);
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        assertThat(play(session.on(new IvrInput.PromptFinished(welcome.id()))).prompts())
                .containsExactly(PromptName.of("leave-message"));
        assertThat(session.path()).extracting(IvrSession.Step::node).containsExactly("welcome", "today", "vm");
    }

    @Test
    void aMakeUpSaturdayIsAWorkingDay() {
        assertThat(CALENDAR.isWorkingTime(MAKEUP_SATURDAY)).isTrue();
        assertThat(CALENDAR.isWorkingTime(MAKEUP_SATURDAY.plus(Duration.ofDays(7))))
                .isFalse();
        IvrSession session = session(MAKEUP_SATURDAY);
        atMenu(session);
    }

    @Test
    void wrongDigitsPlayTheInvalidPromptThenTheMenuAgainUntilRetriesRunOut() {
        IvrSession session = session(WORKING);
        IvrAction.Play menu = atMenu(session);
        session.on(new IvrInput.PromptFinished(menu.id()));

        IvrAction.Play invalid = play(session.on(new IvrInput.Digit('7')));
        assertThat(invalid.prompts()).containsExactly(PromptName.of("sys.invalid_input"));
        IvrAction.Play again = play(session.on(new IvrInput.PromptFinished(invalid.id())));
        assertThat(again.prompts()).containsExactly(PromptName.of("menu"));
        IvrAction.CollectDigit wait = (IvrAction.CollectDigit)
                session.on(new IvrInput.PromptFinished(again.id())).getFirst();

        play(session.on(new IvrInput.Timeout(wait.id()))); // second attempt: no digit
        // third attempt fails too (retries = 2): on to onFailure
        List<IvrAction> last = session.on(new IvrInput.Digit('8'));
        assertThat(last)
                .containsExactly(
                        new IvrAction.StopPlaying(), new IvrAction.QueueCall(SkillId.of("general"), 0, List.of()));
    }

    @Test
    void aStaleTimeoutAfterADigitIsIgnored() {
        IvrSession session = session(WORKING);
        IvrAction.Play menu = atMenu(session);
        IvrAction.CollectDigit wait = (IvrAction.CollectDigit)
                session.on(new IvrInput.PromptFinished(menu.id())).getFirst();
        IvrAction.Play invalid = play(session.on(new IvrInput.Digit('5')));
        assertThat(session.on(new IvrInput.Timeout(wait.id()))).isEmpty();
        assertThat(play(session.on(new IvrInput.PromptFinished(invalid.id()))).prompts())
                .containsExactly(PromptName.of("menu"));
    }

    @Test
    void nineRepeatsTheWelcome() {
        IvrSession session = session(WORKING);
        atMenu(session);
        assertThat(play(session.on(new IvrInput.Digit('9'))).prompts()).containsExactly(PromptName.of("welcome"));
    }

    @Test
    void theSurveyRecordsAScoreThenSaysGoodbyeAndHangsUp() {
        IvrSession session = session(WORKING);
        atMenu(session);
        IvrAction.Play survey = play(session.on(new IvrInput.Digit('0')));
        assertThat(survey.prompts()).containsExactly(PromptName.of("survey"));
        IvrAction.CollectDigit wait = (IvrAction.CollectDigit)
                session.on(new IvrInput.PromptFinished(survey.id())).getFirst();
        assertThat(wait.timeout()).isEqualTo(Duration.ofSeconds(8));
        List<IvrAction> scored = session.on(new IvrInput.Digit('4'));
        assertThat(scored.getFirst()).isEqualTo(new IvrAction.SurveyAnswered(4));
        IvrAction.Play bye = play(scored);
        assertThat(bye.prompts()).containsExactly(PromptName.of("bye"));
        assertThat(session.on(new IvrInput.PromptFinished(bye.id())))
                .singleElement()
                .isInstanceOf(IvrAction.HangUp.class);
        assertThat(session.ended()).isTrue();
    }

    @Test
    void aSurveyWithoutAnswerIsRecordedAsUnanswered() {
        IvrSession session = session(WORKING);
        atMenu(session);
        IvrAction.Play survey = play(session.on(new IvrInput.Digit('0')));
        IvrAction.CollectDigit wait = (IvrAction.CollectDigit)
                session.on(new IvrInput.PromptFinished(survey.id())).getFirst();
        assertThat(session.on(new IvrInput.Timeout(wait.id())).getFirst()).isEqualTo(new IvrAction.SurveyUnanswered());
    }

    @Test
    void refusesInputsTheStateCannotTake() {
        IvrSession session = session(WORKING);
        assertThatThrownBy(() -> session.on(new IvrInput.PromptFinished(1))).isInstanceOf(IllegalIvrInput.class);
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        assertThatThrownBy(() -> session.on(new IvrInput.Started())).isInstanceOf(IllegalIvrInput.class);
        assertThatThrownBy(() -> session.on(new IvrInput.Timeout(1))).isInstanceOf(IllegalIvrInput.class);
        assertThatThrownBy(() -> session.on(new IvrInput.PromptFinished(welcome.id() + 1)))
                .isInstanceOf(IllegalIvrInput.class);
    }

    @Test
    void aCallKeepsTheVersionItStartedWith() {
        IvrVersion first = IvrFixtures.version(IvrFixtures.MENU_TREE);
        IvrSession session = IvrSession.of(first, CALENDAR, Clock.fixed(WORKING, ZoneOffset.UTC));
        atMenu(session);
        // whatever is published meanwhile, the session's definition is the immutable version it was given
        assertThat(session.version()).isSameAs(first);
        assertThat(session.on(new IvrInput.Digit('1')).getLast()).isInstanceOf(IvrAction.QueueCall.class);
    }

    @Test
    void aTreeWithoutMenuGoesStraightToTheQueueAfterTheWelcome() {
        IvrVersion version = new IvrVersion(
                cn.hotline.kernel.id.TenantId.of("shushan"),
                "main",
                1,
                IvrFixtures.definition("{'start': 'w', 'nodes': [{'id': 'w', 'type': 'announcement', 'prompt':"
                        + " 'welcome', 'next': 'q'}, {'id': 'q', 'type': 'queue', 'group': 'general'}]}"),
                WORKING);
        IvrSession session = IvrSession.of(version, CALENDAR, Clock.fixed(WORKING, ZoneOffset.UTC));
        IvrAction.Play welcome = play(session.on(new IvrInput.Started()));
        assertThat(session.on(new IvrInput.PromptFinished(welcome.id())))
                .containsExactly(new IvrAction.QueueCall(SkillId.of("general"), 0, List.of()));
    }

    @Test
    void aLoopWithoutInputThatSlippedPastValidationEndsInAHangUpInsteadOfSpinning() {
        IvrDefinition looping = new IvrDefinition(
                "a", Map.of("a", new IvrNode.WorkingHours("a", "b", "b"), "b", new IvrNode.Holiday("b", "a", "a")));
        IvrSession session = IvrSession.of(
                new IvrVersion(cn.hotline.kernel.id.TenantId.of("shushan"), "main", 1, looping, WORKING),
                CALENDAR,
                Clock.fixed(WORKING, ZoneOffset.UTC));
        assertThat(session.on(new IvrInput.Started()))
                .singleElement()
                .isInstanceOfSatisfying(
                        IvrAction.HangUp.class, h -> assertThat(h.reason()).contains("loop"));
        assertThat(session.ended()).isTrue();
    }
}
