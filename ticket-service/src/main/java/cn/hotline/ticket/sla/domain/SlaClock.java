package cn.hotline.ticket.sla.domain;

import cn.hotline.ticket.sla.domain.LimitState.Light;
import cn.hotline.ticket.sla.domain.LimitState.Outcome;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketOpened;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a ticket's ledger and says where each limit stands at {@code now}. What the steps do to the clocks:
 *
 * <ul>
 *   <li><b>receive</b> (clock; tickets not taken by phone): from intake to the centre's first step (answer, review,
 *       dispatch, merge).
 *   <li><b>dispatch</b> (clock): from intake to the first dispatch or direct answer.
 *   <li><b>sign-for</b> (clock, urgent 30 min / normal 24 h): a new clock at every dispatch and every transfer; met
 *       by the sign-for; cancelled when the ticket leaves the unit before that (return approved, merge).
 *   <li><b>closing</b> (working days by kind): from intake to the answer (direct answer, or a reply whose result
 *       review passed). A return does not stop or reset it (the citizen still waits); an approved extension adds its
 *       working days; a suspension stops it — the due time moves by the suspended time; a dissatisfied callback
 *       starts a new closing clock from the callback.
 * </ul>
 */
public final class SlaClock {

    public static final String RECEIVE = "receive";
    public static final String DISPATCH = "dispatch";
    public static final String SIGN_FOR = "sign-for";
    public static final String CLOSING = "closing";

    private SlaClock() {}

    public static List<LimitState> evaluate(
            List<LedgerEntry> ledger, WorkingCalendar calendar, SlaPolicy policy, Instant now) {
        if (ledger.isEmpty() || !(ledger.getFirst().event() instanceof TicketOpened opened)) {
            throw new IllegalArgumentException("a ledger starts with TicketOpened");
        }
        Instant t0 = ledger.getFirst().at();
        List<LimitState> done = new ArrayList<>();
        Running receive =
                opened.channel() == Channel.PHONE ? null : new Running(RECEIVE, "CLOCK", t0, t0.plus(policy.receive()));
        Running dispatch = new Running(DISPATCH, "CLOCK", t0, t0.plus(policy.dispatch()));
        Running signFor = null;
        Duration signForLimit = opened.urgency() == Urgency.URGENT ? policy.signForUrgent() : policy.signForNormal();
        int closingDays = policy.closingDays().get(opened.kind());
        Instant closingStart = t0;
        int extensionDays = 0;
        Duration suspended = Duration.ZERO;
        Instant suspendedSince = null;
        Instant answeredAt = null;
        boolean closingCancelled = false;

        for (LedgerEntry entry : ledger.subList(1, ledger.size())) {
            Instant at = entry.at();
            TicketEvent event = entry.event();
            boolean firstStep = event instanceof TicketEvent.AnsweredDirectly
                    || event instanceof TicketEvent.SentForReview
                    || event instanceof TicketEvent.TicketDispatched
                    || event instanceof TicketEvent.MergedInto;
            if (receive != null && firstStep) {
                done.add(receive.met(at));
                receive = null;
            }
            if (dispatch != null
                    && (event instanceof TicketEvent.AnsweredDirectly
                            || event instanceof TicketEvent.TicketDispatched)) {
                done.add(dispatch.met(at));
                dispatch = null;
            }
            switch (event) {
                case TicketEvent.TicketDispatched e -> {
                    if (signFor != null) {
                        done.add(signFor.cancelled());
                    }
                    signFor = new Running(SIGN_FOR, "CLOCK", at, at.plus(signForLimit));
                }
                case TicketEvent.TicketTransferred e -> {
                    if (signFor != null) {
                        done.add(signFor.cancelled());
                    }
                    signFor = new Running(SIGN_FOR, "CLOCK", at, at.plus(signForLimit));
                }
                case TicketEvent.TicketSignedFor e -> {
                    if (signFor != null) {
                        done.add(signFor.met(at));
                        signFor = null;
                    }
                }
                case TicketEvent.ReturnReviewed e -> {
                    if (e.approved() && signFor != null) {
                        done.add(signFor.cancelled());
                        signFor = null;
                    }
                }
                case TicketEvent.ExtensionReviewed e -> {
                    if (e.approved()) {
                        extensionDays += e.workingDays();
                    }
                }
                case TicketEvent.TicketSuspended e -> suspendedSince = at;
                case TicketEvent.TicketResumed e -> {
                    if (suspendedSince != null) {
                        suspended = suspended.plus(Duration.between(suspendedSince, at));
                        suspendedSince = null;
                    }
                }
                case TicketEvent.AnsweredDirectly e -> answeredAt = answeredAt == null ? at : answeredAt;
                case TicketEvent.ResultReviewed e -> {
                    if (e.approved() && answeredAt == null) {
                        answeredAt = at;
                    }
                }
                case TicketEvent.CallbackRecorded e -> {
                    if (e.satisfaction().isDissatisfied()) {
                        done.add(closing(
                                closingStart,
                                closingDays,
                                extensionDays,
                                suspended,
                                calendar,
                                answeredAt,
                                now,
                                null,
                                policy));
                        closingStart = at;
                        extensionDays = 0;
                        suspended = Duration.ZERO;
                        answeredAt = null;
                    }
                }
                case TicketEvent.MergedInto e -> {
                    if (signFor != null) {
                        done.add(signFor.cancelled());
                        signFor = null;
                    }
                    if (dispatch != null) {
                        done.add(dispatch.cancelled());
                        dispatch = null;
                    }
                    closingCancelled = true;
                }
                default -> {}
            }
        }
        List<LimitState> states = new ArrayList<>(done);
        if (receive != null) {
            states.add(receive.now(now, policy.yellowPercent()));
        }
        if (dispatch != null) {
            states.add(dispatch.now(now, policy.yellowPercent()));
        }
        if (signFor != null) {
            states.add(signFor.now(now, policy.yellowPercent()));
        }
        Duration frozen = suspendedSince == null ? Duration.ZERO : Duration.between(suspendedSince, now);
        LimitState closing = closing(
                closingStart,
                closingDays,
                extensionDays,
                suspended.plus(frozen),
                calendar,
                answeredAt,
                now,
                closingCancelled ? Outcome.CANCELLED : null,
                policy);
        states.add(closing);
        return states;
    }

    private static LimitState closing(
            Instant start,
            int days,
            int extensionDays,
            Duration suspended,
            WorkingCalendar calendar,
            @Nullable Instant answeredAt,
            Instant now,
            @Nullable Outcome forced,
            SlaPolicy policy) {
        Instant due = calendar.plusWorkingDays(start, days + extensionDays).plus(suspended);
        Running running = new Running(CLOSING, "WORKING_DAYS", start, due);
        if (forced == Outcome.CANCELLED) {
            return running.cancelled();
        }
        if (answeredAt != null) {
            return running.met(answeredAt);
        }
        return running.now(now, policy.yellowPercent());
    }

    private record Running(String limit, String basis, Instant start, Instant due) {

        LimitState met(Instant at) {
            return new LimitState(
                    limit, basis, start, due, at, at.isAfter(due) ? Outcome.MET_LATE : Outcome.MET_ON_TIME, null);
        }

        LimitState cancelled() {
            return new LimitState(limit, basis, start, due, null, Outcome.CANCELLED, null);
        }

        LimitState now(Instant now, int yellowPercent) {
            Light light;
            if (now.isAfter(due)) {
                light = Light.RED;
            } else {
                long total = Duration.between(start, due).toMillis();
                long used = Duration.between(start, now).toMillis();
                light = total > 0 && used * 100 >= total * yellowPercent ? Light.YELLOW : Light.GREEN;
            }
            return new LimitState(limit, basis, start, due, null, Outcome.RUNNING, light);
        }
    }
}
