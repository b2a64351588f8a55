package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcdTransferTest {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final SkillId SUPPORT = SkillId.of("support");

    private final MutableClock clock = MutableClock.atNoon();
    private final Acd acd = new Acd(TenantId.of("nanning"), clock, AcdSettings.defaults());

    private AgentId agent(String name, SkillId skill, boolean ready) {
        AgentId id = AgentId.of(name);
        acd.enrol(id, List.of(new AgentSkill(skill, 5)));
        acd.signIn(id);
        if (ready) {
            acd.ready(id);
        }
        return id;
    }

    private CallId connected(AgentId agent, SkillId group) {
        CallId call = CallId.random();
        acd.arrive(call, group, 0);
        acd.answer(agent, call);
        return call;
    }

    private AgentState stateOf(AgentId id) {
        return acd.agent(id).orElseThrow().state();
    }

    @Test
    void aBlindTransferToAGroupQueuesTheCallAheadOfLaterCallersAndWrapsTheAgentUp() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, false);
        CallId call = connected(first, GENERAL);
        clock.advance(Duration.ofSeconds(20));
        CallId later = CallId.random();
        acd.arrive(later, SUPPORT, 0);
        clock.advance(Duration.ofSeconds(5));
        acd.drainEvents();

        assertThat(acd.transfer(first, call, TransferTarget.group(SUPPORT))).isEmpty();

        assertThat(stateOf(first)).isInstanceOf(AgentState.AfterCallWork.class);
        assertThat(acd.call(call).orElseThrow().status()).isEqualTo(CallSnapshot.Status.WAITING);
        assertThat(acd.call(call).orElseThrow().group()).isEqualTo(SUPPORT);
        assertThat(acd.position(call).orElseThrow().position()).isEqualTo(1);
        assertThat(acd.position(later).orElseThrow().position()).isEqualTo(2);
        assertThat(acd.drainEvents())
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AcdEvent.CallTransferred.class, t -> {
                    assertThat(t.agent()).isEqualTo(first);
                    assertThat(t.to()).isEqualTo(TransferTarget.group(SUPPORT));
                }));

        CallRouting.Offered offered = acd.ready(second).orElseThrow();
        assertThat(offered.call()).isEqualTo(call);
    }

    @Test
    void aBlindTransferToAReadyAgentRingsThatAgent() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, true);
        CallId call = connected(first, GENERAL);

        CallRouting.Offered offered =
                acd.transfer(first, call, TransferTarget.agent(second)).orElseThrow();

        assertThat(offered.agent()).isEqualTo(second);
        assertThat(offered.consultOf()).isNull();
        assertThat(stateOf(second)).isInstanceOf(AgentState.Offered.class);
        acd.answer(second, call);
        assertThat(stateOf(second)).isEqualTo(new AgentState.Talking(call));
    }

    @Test
    void aTransferToAnAgentWhoIsNotReadyIsRefusedAndChangesNothing() {
        AgentId first = agent("first", GENERAL, true);
        AgentId busy = agent("busy", GENERAL, false);
        CallId call = connected(first, GENERAL);
        acd.drainEvents();

        assertThatThrownBy(() -> acd.transfer(first, call, TransferTarget.agent(busy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not ready");
        assertThatThrownBy(() -> acd.transfer(busy, call, TransferTarget.group(SUPPORT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not connected");

        assertThat(stateOf(first)).isEqualTo(new AgentState.Talking(call));
        assertThat(acd.drainEvents()).isEmpty();
    }

    @Test
    void aConsultationHoldsTheCallerRingsTheTargetAndCompletingHandsTheCallerOver() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, true);
        CallId call = connected(first, GENERAL);
        CallId consult = CallId.random();

        CallRouting.Offered offered =
                acd.consult(first, call, TransferTarget.agent(second), consult).orElseThrow();

        assertThat(offered.call()).isEqualTo(consult);
        assertThat(offered.consultOf()).isEqualTo(call);
        assertThat(offered.from()).isEqualTo(first);
        assertThat(stateOf(first)).isEqualTo(new AgentState.OnHold(call));
        assertThatThrownBy(() -> acd.completeTransfer(first, call)).isInstanceOf(IllegalStateException.class);

        acd.answer(second, consult);
        acd.drainEvents();
        assertThat(acd.completeTransfer(first, call)).isEqualTo(second);

        assertThat(stateOf(second)).isEqualTo(new AgentState.Talking(call));
        assertThat(stateOf(first)).isInstanceOf(AgentState.AfterCallWork.class);
        assertThat(acd.call(consult)).isEmpty();
        assertThat(acd.call(call).orElseThrow().agent()).isEqualTo(second);
        assertThat(acd.drainEvents())
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AcdEvent.ConsultEnded.class, ended -> {
                    assertThat(ended.outcome()).isEqualTo("COMPLETED");
                    assertThat(ended.target()).isEqualTo(second);
                }));
        acd.hangUp(call);
        assertThat(stateOf(second)).isInstanceOf(AgentState.AfterCallWork.class);
    }

    @Test
    void cancellingAConsultationFreesTheTargetAndGivesTheCallerBack() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, true);
        CallId call = connected(first, GENERAL);
        CallId consult = CallId.random();
        acd.consult(first, call, TransferTarget.agent(second), consult);

        acd.cancelConsult(first, call);

        assertThat(stateOf(first)).isEqualTo(new AgentState.Talking(call));
        assertThat(stateOf(second)).isEqualTo(AgentState.READY);
        assertThat(acd.call(consult)).isEmpty();
        assertThat(acd.consultation(call)).isEmpty();
    }

    @Test
    void aConsultationOfAGroupWaitsForItsAgentAndEndsWhenTheCallerHangsUp() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, false);
        CallId call = connected(first, GENERAL);
        CallId consult = CallId.random();

        assertThat(acd.consult(first, call, TransferTarget.group(SUPPORT), consult))
                .isEmpty();
        CallRouting.Offered offered = acd.ready(second).orElseThrow();
        assertThat(offered.call()).isEqualTo(consult);
        assertThat(offered.consultOf()).isEqualTo(call);
        acd.drainEvents();

        acd.hangUp(call);

        assertThat(stateOf(second)).isEqualTo(AgentState.READY);
        assertThat(acd.call(consult)).isEmpty();
        assertThat(acd.drainEvents()).anySatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(AcdEvent.ConsultEnded.class, ended -> assertThat(ended.outcome())
                        .isEqualTo("CALLER_LEFT")));
    }

    @Test
    void aConsultedAgentWhoDoesNotAnswerEndsTheConsultationAndIsNotRingedAgain() {
        AgentId first = agent("first", GENERAL, true);
        AgentId second = agent("second", SUPPORT, true);
        AgentId third = agent("third", SUPPORT, true);
        CallId call = connected(first, GENERAL);
        CallId consult = CallId.random();
        acd.consult(first, call, TransferTarget.agent(second), consult);

        clock.advance(Duration.ofSeconds(16));
        assertThat(acd.tick()).isEmpty();

        assertThat(acd.call(consult)).isEmpty();
        assertThat(stateOf(third)).isEqualTo(AgentState.READY);
        assertThat(stateOf(first)).isEqualTo(new AgentState.OnHold(call));
        acd.retrieve(first, call);
        assertThat(stateOf(first)).isEqualTo(new AgentState.Talking(call));
    }
}
