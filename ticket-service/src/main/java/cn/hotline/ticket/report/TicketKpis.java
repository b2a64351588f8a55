package cn.hotline.ticket.report;

import cn.hotline.ticket.sla.domain.LimitState;
import cn.hotline.ticket.sla.domain.LimitState.Outcome;
import cn.hotline.ticket.sla.domain.SlaClock;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Satisfaction;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The KPIs of one group of tickets. Rates are {@code null} when nothing was counted (no 0 % for an empty group).
 *
 * <ul>
 *   <li>timely sign-for rate: sign-for clocks met on time ÷ sign-for clocks met or overdue (R-RPT-3 ≥ 98 %);
 *   <li>timely dispatch rate: dispatch clocks met on time ÷ met or overdue (≥ 98 %);
 *   <li>direct-answer rate: consultations answered directly ÷ consultations answered (≥ 90 %);
 *   <li>on-time closing rate: closing clocks met on time ÷ met or overdue;
 *   <li>satisfaction: satisfied or basically satisfied ÷ callbacks with a verdict (≥ 90 %); participation: callbacks
 *       with a verdict ÷ all callbacks (≥ 40 %);
 *   <li>returns and extensions approved, and overdue limits (met late or running past due).
 * </ul>
 */
public record TicketKpis(
        String group,
        int tickets,
        @Nullable Double timelySignForRate,
        @Nullable Double timelyDispatchRate,
        @Nullable Double directAnswerRate,
        @Nullable Double onTimeClosingRate,
        @Nullable Double satisfaction,
        @Nullable Double participation,
        int returns,
        int extensions,
        int overdue) {

    /** Counts of one ticket, added up per group. */
    static final class Tally {
        int tickets;
        int signForOnTime;
        int signForDecided;
        int dispatchOnTime;
        int dispatchDecided;
        int consultationsAnswered;
        int consultationsDirect;
        int closingOnTime;
        int closingDecided;
        int satisfied;
        int verdicts;
        int callbacks;
        int returns;
        int extensions;
        int overdue;

        void add(List<LedgerEntry> ledger, List<LimitState> limits) {
            tickets++;
            for (LimitState s : limits) {
                boolean onTime = s.outcome() == Outcome.MET_ON_TIME;
                boolean late = s.outcome() == Outcome.MET_LATE
                        || (s.outcome() == Outcome.RUNNING && s.light() == LimitState.Light.RED);
                if (late) {
                    overdue++;
                }
                switch (s.limit()) {
                    case SlaClock.SIGN_FOR -> {
                        signForOnTime += onTime ? 1 : 0;
                        signForDecided += onTime || late ? 1 : 0;
                    }
                    case SlaClock.DISPATCH -> {
                        dispatchOnTime += onTime ? 1 : 0;
                        dispatchDecided += onTime || late ? 1 : 0;
                    }
                    case SlaClock.CLOSING -> {
                        closingOnTime += onTime ? 1 : 0;
                        closingDecided += onTime || late ? 1 : 0;
                    }
                    default -> {}
                }
            }
            Ticket ticket = Ticket.replay(ledger);
            boolean consultation = ticket.opened().kind() == RequestKind.CONSULTATION;
            boolean answeredDirectly = false;
            boolean answered = false;
            for (LedgerEntry e : ledger) {
                switch (e.event()) {
                    case TicketEvent.AnsweredDirectly a -> {
                        answered = true;
                        answeredDirectly = true;
                    }
                    case TicketEvent.ResultReviewed r -> answered |= r.approved();
                    case TicketEvent.ReturnReviewed r -> returns += r.approved() ? 1 : 0;
                    case TicketEvent.ExtensionReviewed r -> extensions += r.approved() ? 1 : 0;
                    case TicketEvent.CallbackRecorded c -> {
                        callbacks++;
                        if (c.satisfaction() != Satisfaction.NOT_REACHED) {
                            verdicts++;
                            satisfied += c.satisfaction() == Satisfaction.SATISFIED
                                            || c.satisfaction() == Satisfaction.BASICALLY_SATISFIED
                                    ? 1
                                    : 0;
                        }
                    }
                    default -> {}
                }
            }
            if (consultation && answered) {
                consultationsAnswered++;
                consultationsDirect += answeredDirectly ? 1 : 0;
            }
        }

        TicketKpis kpis(String group) {
            return new TicketKpis(
                    group,
                    tickets,
                    rate(signForOnTime, signForDecided),
                    rate(dispatchOnTime, dispatchDecided),
                    rate(consultationsDirect, consultationsAnswered),
                    rate(closingOnTime, closingDecided),
                    rate(satisfied, verdicts),
                    rate(verdicts, callbacks),
                    returns,
                    extensions,
                    overdue);
        }

        private static @Nullable Double rate(int part, int whole) {
            return whole == 0 ? null : Math.round(10000.0 * part / whole) / 10000.0;
        }
    }
}
