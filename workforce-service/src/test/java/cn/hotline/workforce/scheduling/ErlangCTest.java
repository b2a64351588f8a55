package cn.hotline.workforce.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Erlang C against published figures.
 *
 * <ul>
 *   <li>Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
 *       (callcentrehelper.com): 100 calls in 30 minutes, AHT 180 s → A = 10 erlangs; with 14 agents P(wait) = 17.41 %,
 *       service level 88.84 % within 20 s, average speed of answer 7.8 s, occupancy 71.4 %; 14 agents are the fewest
 *       for 80/20.
 *   <li>Closed forms: M/M/1 waits with probability ρ; M/M/2 with A = 1 waits with probability 1/3.
 * </ul>
 */
class ErlangCTest {

    @Test
    void matchesCallCentreHelpersWorkedExample() {
        assertThat(ErlangC.probabilityOfWaiting(10, 14)).isCloseTo(0.1741, within(0.0001));
        assertThat(ErlangC.serviceLevel(10, 14, 180, 20)).isCloseTo(0.8884, within(0.0001));
        assertThat(ErlangC.averageSpeedOfAnswer(10, 14, 180)).isCloseTo(7.8, within(0.05));
        assertThat(ErlangC.agentsFor(10, 180, 20, 0.80)).isEqualTo(14);
        assertThat(ErlangC.serviceLevel(10, 13, 180, 20)).isLessThan(0.80);
    }

    @Test
    void matchesTheClosedFormsOfOneAndTwoServers() {
        assertThat(ErlangC.probabilityOfWaiting(0.5, 1)).isCloseTo(0.5, within(1e-12));
        assertThat(ErlangC.probabilityOfWaiting(1, 2)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void anAnswerRateTargetWithinThePatienceCanNeedMoreAgentsThanTheServiceLevel() {
        Scheduling.Targets slOnly = new Scheduling.Targets(0.8, 20, null, 60);
        Scheduling.Targets strict = new Scheduling.Targets(0.8, 20, 0.99, 30);
        assertThat(slOnly.agentsFor(10, 180)).isEqualTo(14);
        assertThat(strict.agentsFor(10, 180)).isEqualTo(ErlangC.agentsFor(10, 180, 30, 0.99));
        assertThat(ErlangC.serviceLevel(10, strict.agentsFor(10, 180), 180, 30)).isGreaterThanOrEqualTo(0.99);
        assertThat(ErlangC.serviceLevel(10, strict.agentsFor(10, 180) - 1, 180, 30))
                .isLessThan(0.99);
        assertThat(new Scheduling.Targets(0.8, 20, 0.5, 60).agentsFor(10, 180))
                .as("a loose answer rate changes nothing")
                .isEqualTo(14);
    }

    @Test
    void anOverloadedQueueAlwaysWaitsAndNoTrafficNeedsNobody() {
        assertThat(ErlangC.probabilityOfWaiting(10, 10)).isEqualTo(1);
        assertThat(ErlangC.serviceLevel(10, 9, 180, 20)).isZero();
        assertThat(ErlangC.agentsFor(0, 180, 20, 0.8)).isZero();
        assertThat(ErlangC.probabilityOfWaiting(400, 430)).isBetween(0.0, 1.0);
    }
}
