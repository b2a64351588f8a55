package cn.hotline.call.ivr;

import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.prompt.SystemPrompt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One call running through one {@link IvrVersion}: a pure state machine (plain Java, {@link Clock} injected). The
 * SIP / media side feeds it {@link IvrInput}s and carries out the {@link IvrAction}s it returns; it never talks to
 * a server itself, so every path can be tested without one. Not thread-safe: one call's inputs arrive one at a time.
 *
 * <p>Digits during a non-interruptible prompt are ignored (the caller cannot skip an announcement); a digit during an
 * interruptible prompt stops it. Stale timer or playback reports (an id older than the current one) are ignored; an
 * input the state cannot take fails with {@link IllegalIvrInput}.
 */
public final class IvrSession {

    private static final int MAX_AUTOMATIC_STEPS = 1000;

    /** A node the call passed through, with what happened there. */
    public record Step(String node, String type, Instant at, String note) {}

    private enum Phase {
        NEW,
        ANNOUNCING,
        MENU_PROMPT,
        MENU_INVALID,
        MENU_WAITING,
        VOICEMAIL_PROMPT,
        SURVEY_PROMPT,
        SURVEY_WAITING,
        GOODBYE,
        ENDED
    }

    private final IvrVersion version;
    private final TenantCalendar calendar;
    private final Clock clock;
    private final List<Step> path = new ArrayList<>();
    private final List<String> choices = new ArrayList<>();
    private Phase phase = Phase.NEW;
    private IvrNode node;
    private int attempts;
    private int playId;
    private int collectId;
    private @Nullable IvrAction outcome;

    private IvrSession(IvrVersion version, TenantCalendar calendar, Clock clock) {
        this.version = version;
        this.calendar = calendar;
        this.clock = clock;
        this.node = version.definition().node(version.definition().start());
    }

    /** A session that begins with {@link IvrInput.Started}. */
    public static IvrSession of(IvrVersion version, TenantCalendar calendar, Clock clock) {
        return new IvrSession(version, calendar, clock);
    }

    public IvrVersion version() {
        return version;
    }

    /** Where the call went so far. */
    public List<Step> path() {
        return List.copyOf(path);
    }

    /** The digits accepted at menus, in order (what routing rules call the IVR choices). */
    public List<String> choices() {
        return List.copyOf(choices);
    }

    public boolean ended() {
        return phase == Phase.ENDED;
    }

    /** The action that ended the IVR (queue, voicemail, hang up), once it has ended. */
    public @Nullable IvrAction outcome() {
        return outcome;
    }

    public List<IvrAction> on(IvrInput input) {
        List<IvrAction> actions = new ArrayList<>();
        switch (input) {
            case IvrInput.Started s -> {
                if (phase != Phase.NEW) {
                    throw new IllegalIvrInput("the IVR has already started");
                }
                enter(node.id(), actions);
            }
            case IvrInput.PromptFinished f -> promptFinished(f.id(), actions);
            case IvrInput.Digit d -> digit(d.key(), actions);
            case IvrInput.Timeout t -> timeout(t.id(), actions);
        }
        return List.copyOf(actions);
    }

    private void promptFinished(int id, List<IvrAction> actions) {
        if (id < playId || phase == Phase.ENDED && id == playId) {
            return; // a playback that was stopped or superseded
        }
        if (id > playId) {
            throw new IllegalIvrInput("no playback " + id + " was asked for");
        }
        switch (phase) {
            case ANNOUNCING -> enter(((IvrNode.Announcement) node).next(), actions);
            case MENU_PROMPT, SURVEY_PROMPT -> {
                phase = phase == Phase.MENU_PROMPT ? Phase.MENU_WAITING : Phase.SURVEY_WAITING;
                Duration timeout = node instanceof IvrNode.Menu m ? m.timeout() : ((IvrNode.Survey) node).timeout();
                actions.add(new IvrAction.CollectDigit(++collectId, timeout));
            }
            case MENU_INVALID -> playMenu(actions);
            case VOICEMAIL_PROMPT -> end(new IvrAction.TakeVoicemail(((IvrNode.Voicemail) node).maxLength()), actions);
            case GOODBYE -> end(new IvrAction.HangUp("ivr " + node.id()), actions);
            default -> throw new IllegalIvrInput("nothing is playing in state " + phase);
        }
    }

    private void digit(char key, List<IvrAction> actions) {
        switch (phase) {
            case MENU_PROMPT, MENU_INVALID, MENU_WAITING -> {
                if (phase != Phase.MENU_WAITING) {
                    actions.add(new IvrAction.StopPlaying());
                    playId++; // the stopped playback's report, if any, is stale now
                }
                collectId++; // the running timer's report is stale now
                IvrNode.Menu menu = (IvrNode.Menu) node;
                String target = menu.target(key);
                if (target != null) {
                    choices.add(String.valueOf(key));
                    note("digit " + key + " → " + target);
                    enter(target, actions);
                } else {
                    failedAttempt("digit " + key + " is not offered", actions);
                }
            }
            case SURVEY_PROMPT, SURVEY_WAITING -> {
                if (phase == Phase.SURVEY_PROMPT) {
                    actions.add(new IvrAction.StopPlaying());
                    playId++;
                }
                collectId++;
                if (key >= '1' && key <= '5') {
                    note("score " + key);
                    actions.add(new IvrAction.SurveyAnswered(key - '0'));
                } else {
                    note("digit " + key + " is not a score");
                    actions.add(new IvrAction.SurveyUnanswered());
                }
                afterSurvey(actions);
            }
            default -> {
                // digits while an announcement plays, or after the end, are not for the IVR
            }
        }
    }

    private void timeout(int id, List<IvrAction> actions) {
        if (id < collectId) {
            return; // a timer that a digit already answered
        }
        if (id > collectId) {
            throw new IllegalIvrInput("no digit collection " + id + " was asked for");
        }
        switch (phase) {
            case MENU_WAITING ->
                failedAttempt(
                        "no digit within " + ((IvrNode.Menu) node).timeout().toSeconds() + " s", actions);
            case SURVEY_WAITING -> {
                note("no score");
                actions.add(new IvrAction.SurveyUnanswered());
                afterSurvey(actions);
            }
            default -> throw new IllegalIvrInput("no digit is awaited in state " + phase);
        }
    }

    private void failedAttempt(String why, List<IvrAction> actions) {
        IvrNode.Menu menu = (IvrNode.Menu) node;
        attempts++;
        if (attempts > menu.retries()) {
            note(why + "; attempt " + attempts + " of " + (menu.retries() + 1) + ", → " + menu.onFailure());
            enter(menu.onFailure(), actions);
            return;
        }
        note(why + "; attempt " + attempts + " of " + (menu.retries() + 1));
        PromptName invalid =
                menu.invalidPrompt() != null ? menu.invalidPrompt() : SystemPrompt.INVALID_INPUT.promptName();
        phase = Phase.MENU_INVALID;
        actions.add(new IvrAction.Play(++playId, List.of(invalid), true));
    }

    private void afterSurvey(List<IvrAction> actions) {
        String next = ((IvrNode.Survey) node).next();
        if (next == null) {
            end(new IvrAction.HangUp("survey " + node.id() + " done"), actions);
        } else {
            enter(next, actions);
        }
    }

    private void playMenu(List<IvrAction> actions) {
        phase = Phase.MENU_PROMPT;
        actions.add(new IvrAction.Play(++playId, List.of(((IvrNode.Menu) node).prompt()), true));
    }

    private void enter(String id, List<IvrAction> actions) {
        String current = id;
        for (int steps = 0; steps < MAX_AUTOMATIC_STEPS; steps++) {
            node = version.definition().node(current);
            Instant now = clock.instant();
            switch (node) {
                case IvrNode.WorkingHours h -> {
                    boolean open = calendar.isWorkingTime(now);
                    path.add(new Step(
                            h.id(), h.type(), now, open ? "working hours → " + h.open() : "closed → " + h.closed()));
                    current = open ? h.open() : h.closed();
                    continue;
                }
                case IvrNode.Holiday h -> {
                    boolean holiday = calendar.isHoliday(now);
                    path.add(new Step(
                            h.id(),
                            h.type(),
                            now,
                            holiday ? "holiday → " + h.holiday() : "no holiday → " + h.otherwise()));
                    current = holiday ? h.holiday() : h.otherwise();
                    continue;
                }
                case IvrNode.Announcement a -> {
                    path.add(new Step(a.id(), a.type(), now, "plays " + a.prompt()));
                    phase = Phase.ANNOUNCING;
                    actions.add(new IvrAction.Play(++playId, List.of(a.prompt()), false));
                }
                case IvrNode.Menu m -> {
                    path.add(new Step(m.id(), m.type(), now, "plays " + m.prompt()));
                    attempts = 0;
                    playMenu(actions);
                }
                case IvrNode.Queue q -> {
                    path.add(new Step(
                            q.id(),
                            q.type(),
                            now,
                            q.group() == null ? "routing rules pick the queue" : "queue " + q.group()));
                    end(new IvrAction.QueueCall(q.group(), q.priority(), choices), actions);
                }
                case IvrNode.Voicemail v -> {
                    path.add(new Step(v.id(), v.type(), now, "plays " + v.prompt() + ", then records"));
                    phase = Phase.VOICEMAIL_PROMPT;
                    actions.add(new IvrAction.Play(++playId, List.of(v.prompt()), false));
                }
                case IvrNode.Survey s -> {
                    path.add(new Step(s.id(), s.type(), now, "plays " + s.prompt()));
                    phase = Phase.SURVEY_PROMPT;
                    actions.add(new IvrAction.Play(++playId, List.of(s.prompt()), true));
                }
                case IvrNode.HangUp h -> {
                    path.add(new Step(h.id(), h.type(), now, h.prompt() == null ? "hangs up" : "plays " + h.prompt()));
                    if (h.prompt() == null) {
                        end(new IvrAction.HangUp("ivr " + h.id()), actions);
                    } else {
                        phase = Phase.GOODBYE;
                        actions.add(new IvrAction.Play(++playId, List.of(h.prompt()), false));
                    }
                }
            }
            return;
        }
        // validation forbids loops without input; a definition that slipped past it must not spin forever
        end(new IvrAction.HangUp("ivr loop without input at " + current), actions);
    }

    private void note(String text) {
        path.add(new Step(node.id(), node.type(), clock.instant(), text));
    }

    private void end(IvrAction action, List<IvrAction> actions) {
        phase = Phase.ENDED;
        outcome = action;
        actions.add(action);
    }
}
