package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent on an outbound call (a callback it dials) is talking in the ACD: offered nothing, wraps up afterwards. */
class AcdOutboundTest {

    private static final SkillId GENERAL = SkillId.of("general");

    private final MutableClock clock = MutableClock.atNoon();
    private final Acd acd = new Acd(TenantId.of("nanning"), clock, AcdSettings.defaults());

    private AgentId notReadyAgent(String name) {
        AgentId id = AgentId.of(name);
        acd.enrol(id, List.of(new AgentSkill(GENERAL, 5)));
        acd.signIn(id);
        return id;
    }

    private AgentState stateOf(AgentId id) {
        return acd.agent(id).orElseThrow().state();
    }

    @Test
    void aCallArrivingWhileTheAgentDialsOutWaitsAndIsOfferedWhenItsWrapUpEnds() {
        AgentId alice = notReadyAgent("alice");
        CallId outbound = CallId.random();

        acd.outboundStarted(alice, outbound);
        CallId inbound = CallId.random();
        CallRouting routing = acd.arrive(inbound, GENERAL, 0);

        assertThat(stateOf(alice)).isEqualTo(new AgentState.Talking(outbound));
        assertThat(routing).isInstanceOf(CallRouting.Queued.class);

        clock.advance(Duration.ofSeconds(100));
        assertThat(acd.outboundEnded(alice, outbound)).isEmpty();
        assertThat(stateOf(alice))
                .isEqualTo(
                        new AgentState.AfterCallWork(outbound, clock.instant().plusSeconds(30)));
        assertThat(acd.tick()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        List<CallRouting.Offered> offers = acd.tick();

        assertThat(offers).singleElement().satisfies(offer -> {
            assertThat(offer.call()).isEqualTo(inbound);
            assertThat(offer.agent()).isEqualTo(alice);
        });
    }

    @Test
    void recordsTheTalkAndTheWrapUpAsStateChangesForTheReports() {
        AgentId alice = notReadyAgent("alice");
        CallId outbound = CallId.random();
        acd.drainEvents();

        acd.outboundStarted(alice, outbound);
        clock.advance(Duration.ofSeconds(42));
        acd.outboundEnded(alice, outbound);

        assertThat(acd.drainEvents())
                .filteredOn(AcdEvent.AgentStateChanged.class::isInstance)
                .map(event -> ((AcdEvent.AgentStateChanged) event).from() + ">"
                        + ((AcdEvent.AgentStateChanged) event).to().code())
                .containsExactly("NOT_READY>TALKING", "TALKING>AFTER_CALL_WORK");
    }

    @Test
    void withoutWrapUpTimeTheAgentIsReadyAtOnceAndTakesTheWaitingCall() {
        acd.reconfigure(AcdSettings.defaults().withAfterCallWork(Duration.ZERO));
        AgentId alice = notReadyAgent("alice");
        CallId outbound = CallId.random();
        acd.outboundStarted(alice, outbound);
        CallId inbound = CallId.random();
        acd.arrive(inbound, GENERAL, 0);

        assertThat(acd.outboundEnded(alice, outbound))
                .hasValueSatisfying(offer -> assertThat(offer.call()).isEqualTo(inbound));
    }

    @Test
    void aReadyAgentMustGoNotReadyBeforeDiallingOut() {
        AgentId alice = notReadyAgent("alice");
        acd.ready(alice);

        assertThatThrownBy(() -> acd.outboundStarted(alice, CallId.random()))
                .isInstanceOf(IllegalAgentTransition.class);
        assertThat(stateOf(alice)).isEqualTo(AgentState.READY);
    }

    @Test
    void endingAnOutboundCallTheAgentIsNotOnIsRefused() {
        AgentId alice = notReadyAgent("alice");
        acd.outboundStarted(alice, CallId.random());

        assertThatThrownBy(() -> acd.outboundEnded(alice, CallId.random())).isInstanceOf(IllegalAgentTransition.class);
    }

    @Test
    void anInboundCallOfTheAcdCannotBeUsedAsAnOutboundCall() {
        AgentId alice = notReadyAgent("alice");
        CallId inbound = CallId.random();
        acd.arrive(inbound, GENERAL, 0);

        assertThatThrownBy(() -> acd.outboundStarted(alice, inbound)).isInstanceOf(IllegalStateException.class);
    }
}
