package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErlangCTest {

    @Test
    void erlangBMatchesThePublishedTableValueForTenServersAndFiveErlangs() {
        // Erlang B tables: 10 circuits at 5 Erlangs block 1.84 % of calls.
        assertThat(ErlangC.erlangB(10, 5)).isCloseTo(0.018385, within(1e-6));
    }

    @Test
    void waitingProbabilityMatchesClosedFormsOfSmallQueues() {
        // M/M/2 at 1 Erlang: 1/3; M/M/3 at 2 Erlangs: 4/9 (from the Erlang C formula by hand).
        assertThat(ErlangC.probabilityOfWaiting(2, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ErlangC.probabilityOfWaiting(3, 2)).isCloseTo(4.0 / 9, within(1e-12));
        // M/M/1 waits with probability rho.
        assertThat(ErlangC.probabilityOfWaiting(1, 0.7)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void waitingProbabilityMatchesTheWorkedCallCentreExample() {
        // 10 Erlangs on 11 agents: 68.21 % of calls wait (the usual worked example of Erlang C).
        assertThat(ErlangC.probabilityOfWaiting(11, 10)).isCloseTo(0.6821, within(5e-5));
    }

    @Test
    void serviceLevelAndSpeedOfAnswerFollowFromTheWaitingProbability() {
        double waiting = ErlangC.probabilityOfWaiting(11, 10);
        assertThat(ErlangC.serviceLevel(11, 10, 180, 20)).isCloseTo(1 - waiting * Math.exp(-20.0 / 180), within(1e-12));
        assertThat(ErlangC.averageSpeedOfAnswer(11, 10, 180)).isCloseTo(waiting * 180, within(1e-9));
        assertThat(ErlangC.serviceLevel(11, 10, 180, 0)).isCloseTo(1 - waiting, within(1e-12));
    }

    @Test
    void staysFiniteForThousandsOfAgentsWhereFactorialsWouldOverflow() {
        double waiting = ErlangC.probabilityOfWaiting(5_000, 4_950);
        assertThat(waiting).isFinite().isBetween(0.0, 1.0);
        assertThat(ErlangC.probabilityOfWaiting(268, 250)).isCloseTo(0.18205, within(1e-4));
    }

    @Test
    void anOverloadedQueueAlwaysWaits() {
        assertThat(ErlangC.probabilityOfWaiting(10, 10)).isEqualTo(1.0);
        assertThat(ErlangC.serviceLevel(10, 12, 240, 15)).isZero();
    }

    @Test
    void capacityIsTheLoadAtWhichTheTargetIsJustMet() {
        double capacity = ErlangC.capacity(268, 240, 15, 0.9);
        assertThat(ErlangC.serviceLevel(268, capacity, 240, 15)).isCloseTo(0.9, within(1e-6));
        assertThat(capacity).isBetween(252.0, 254.0);
    }
}
