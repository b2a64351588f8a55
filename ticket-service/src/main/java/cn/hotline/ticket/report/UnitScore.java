package cn.hotline.ticket.report;

import cn.hotline.ticket.sla.domain.LimitState;
import cn.hotline.ticket.sla.domain.LimitState.Outcome;
import cn.hotline.ticket.sla.domain.SlaClock;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Satisfaction;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.UnitCode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member unit's score after seed 002's table (满分 100), for the items tickets can measure: 按时办结 20 (on-time
 * closing rate × 20), 群众满意 10 (satisfaction × 10), 诉求解决 10 (callbacks not dissatisfied ÷ callbacks × 10), 审核通过
 * 15 (result reviews passed ÷ result reviews × 15), 逾期办理量 −0.5 per overdue closing. Not measured here, so not
 * scored: 电话畅通 10 (call side), 知识库建设 15 (knowledge base), 提前办结 (bonus, no rule given). An item without
 * anything to count gives its full points (nothing went wrong) and says so in {@code unmeasured}.
 *
 * @param scored the sum of the items above, out of {@link #MAX_MEASURED}
 */
public record UnitScore(
        String unit,
        int tickets,
        double onTime,
        double satisfied,
        double resolved,
        double reviewPassed,
        double overduePenalty,
        double scored,
        List<String> unmeasured,
        List<String> notScored) {

    public static final double MAX_MEASURED = 55.0;
    static final List<String> NOT_SCORED = List.of("电话畅通", "知识库建设", "提前办结");

    /** Counts per unit: the ticket's main unit owns its closing clock and callbacks; each reply's unit its review. */
    static final class Tally {
        int tickets;
        int closingOnTime;
        int closingDecided;
        int overdueClosings;
        int verdicts;
        int satisfied;
        int notDissatisfied;
        int reviews;
        int reviewsPassed;

        static Map<String, Tally> of(List<Map.Entry<List<LedgerEntry>, List<LimitState>>> measured) {
            Map<String, Tally> units = new TreeMap<>();
            for (var m : measured) {
                List<LedgerEntry> ledger = m.getKey();
                UnitCode main = null;
                UnitCode lastReplier = null;
                for (LedgerEntry e : ledger) {
                    switch (e.event()) {
                        case TicketEvent.TicketDispatched d -> main = d.mainUnit();
                        case TicketEvent.TicketTransferred t -> main = t.to();
                        // A return the centre approved hands the ticket back: it is no longer the unit's.
                        case TicketEvent.ReturnReviewed r -> main = r.approved() ? null : main;
                        case TicketEvent.TicketReplied r -> lastReplier = r.unit();
                        case TicketEvent.ResultReviewed r -> {
                            if (lastReplier != null) {
                                Tally t = units.computeIfAbsent(lastReplier.value(), k -> new Tally());
                                t.reviews++;
                                t.reviewsPassed += r.approved() ? 1 : 0;
                            }
                        }
                        case TicketEvent.CallbackRecorded c -> {
                            if (main != null && c.satisfaction() != Satisfaction.NOT_REACHED) {
                                Tally t = units.computeIfAbsent(main.value(), k -> new Tally());
                                t.verdicts++;
                                t.satisfied += c.satisfaction() == Satisfaction.SATISFIED
                                                || c.satisfaction() == Satisfaction.BASICALLY_SATISFIED
                                        ? 1
                                        : 0;
                                t.notDissatisfied += c.satisfaction().isDissatisfied() ? 0 : 1;
                            }
                        }
                        default -> {}
                    }
                }
                if (main == null) {
                    continue;
                }
                Tally t = units.computeIfAbsent(main.value(), k -> new Tally());
                t.tickets++;
                for (LimitState s : m.getValue()) {
                    if (!s.limit().equals(SlaClock.CLOSING)) {
                        continue;
                    }
                    boolean onTime = s.outcome() == Outcome.MET_ON_TIME;
                    boolean late = s.outcome() == Outcome.MET_LATE
                            || (s.outcome() == Outcome.RUNNING && s.light() == LimitState.Light.RED);
                    t.closingOnTime += onTime ? 1 : 0;
                    t.closingDecided += onTime || late ? 1 : 0;
                    t.overdueClosings += late ? 1 : 0;
                }
            }
            return units;
        }

        UnitScore score(String unit) {
            List<String> unmeasured = new java.util.ArrayList<>();
            double onTime = points(20, closingOnTime, closingDecided, "按时办结", unmeasured);
            double sat = points(10, satisfied, verdicts, "群众满意", unmeasured);
            double resolved = points(10, notDissatisfied, verdicts, "诉求解决", unmeasured);
            double review = points(15, reviewsPassed, reviews, "审核通过", unmeasured);
            double penalty = -0.5 * overdueClosings;
            double total = round(Math.max(0, onTime + sat + resolved + review + penalty));
            return new UnitScore(
                    unit, tickets, onTime, sat, resolved, review, penalty, total, List.copyOf(unmeasured), NOT_SCORED);
        }

        private static double points(double max, int part, int whole, String item, List<String> unmeasured) {
            if (whole == 0) {
                unmeasured.add(item);
                return max;
            }
            return round(max * part / whole);
        }

        private static double round(double value) {
            return Math.round(value * 100.0) / 100.0;
        }
    }
}
