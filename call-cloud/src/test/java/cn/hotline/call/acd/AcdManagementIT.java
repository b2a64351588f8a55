package cn.hotline.call.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServers
class AcdManagementIT {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static AcdServers servers;

    @BeforeAll
    static void connect() {
        servers = new AcdServers();
    }

    @AfterAll
    static void disconnect() {
        servers.close();
    }

    private static AcdManagement instance(String name) {
        return servers.management(name, Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    @Test
    void runsACallFromArrivalToHangUpThroughTheUseCases() {
        AcdManagement acd = instance("instance-a");
        TenantId tenant = AcdServers.freshTenant();
        AgentId agent = AgentId.of("1001");
        CallId first = CallId.random();
        CallId second = CallId.random();

        CallRouting routing = acd.enrol(tenant, agent, List.of(new AgentSkill(GENERAL, 5)))
                .then(acd.signIn(tenant, agent))
                .then(acd.callArrived(tenant, first, GENERAL, 0))
                .block(WAIT);
        assertThat(routing).isEqualTo(new CallRouting.Queued(first, GENERAL, 1));
        assertThat(acd.ready(tenant, agent).block(WAIT).call()).isEqualTo(first);
        CallRouting.Offered next = acd.answer(tenant, agent, first)
                .then(acd.callArrived(tenant, second, GENERAL, 0))
                .then(acd.hangUp(tenant, first))
                .block(WAIT);
        assertThat(next.call()).isEqualTo(second);
        assertThat(acd.agent(tenant, agent).block(WAIT).state()).isInstanceOf(AgentState.Offered.class);
        acd.stop().block(WAIT);
    }

    @Test
    void refusesAnIllegalAgentChangeWithAStableProblemCode() {
        AcdManagement acd = instance("instance-a");
        TenantId tenant = AcdServers.freshTenant();
        AgentId agent = AgentId.of("1002");

        assertThatThrownBy(() -> acd.enrol(tenant, agent, List.of(new AgentSkill(GENERAL, 5)))
                        .then(acd.ready(tenant, agent))
                        .block(WAIT))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.ILLEGAL_TRANSITION));
        acd.stop().block(WAIT);
    }

    @Test
    void aSecondInstanceThatCannotReachTheWriterIsToldToRetry() {
        AcdManagement owner = instance("instance-a");
        AcdManagement other = instance("instance-b");
        TenantId tenant = AcdServers.freshTenant();
        owner.enrol(tenant, AgentId.of("1003"), List.of(new AgentSkill(GENERAL, 5)))
                .block(WAIT);

        assertThatThrownBy(() ->
                        other.callArrived(tenant, CallId.random(), GENERAL, 0).block(WAIT))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE));

        owner.stop().block(WAIT);
        assertThat(other.callArrived(tenant, CallId.random(), GENERAL, 0).block(WAIT))
                .isInstanceOf(CallRouting.Queued.class);
        other.stop().block(WAIT);
    }

    @Test
    void theCallerLeavingAbandonsAWaitingOrRingingCallAndEndsAConnectedOne() {
        AcdManagement acd = instance("instance-a");
        TenantId tenant = AcdServers.freshTenant();
        AgentId agent = AgentId.of("1004");
        CallId waiting = CallId.random();
        CallId talking = CallId.random();
        acd.enrol(tenant, agent, List.of(new AgentSkill(GENERAL, 5)))
                .then(acd.signIn(tenant, agent))
                .block(WAIT);

        assertThat(acd.callArrived(tenant, waiting, GENERAL, 0).block(WAIT)).isInstanceOf(CallRouting.Queued.class);
        assertThat(acd.callerLeft(tenant, waiting).block(WAIT))
                .as("abandoned while waiting")
                .isNull();
        assertThat(acd.ready(tenant, agent).block(WAIT))
                .as("nothing left to offer")
                .isNull();

        assertThat(acd.callArrived(tenant, talking, GENERAL, 0).block(WAIT)).isInstanceOf(CallRouting.Offered.class);
        acd.answer(tenant, agent, talking).block(WAIT);
        acd.callerLeft(tenant, talking).block(WAIT);
        assertThat(acd.agent(tenant, agent).block(WAIT).state())
                .as("a connected call ends like a hang-up: wrap-up (or ready) follows")
                .isNotInstanceOf(AgentState.Talking.class)
                .isNotInstanceOf(AgentState.Offered.class);
        assertThat(acd.callerLeft(tenant, CallId.random()).block(WAIT))
                .as("an unknown call changes nothing")
                .isNull();
        acd.stop().block(WAIT);
    }
}
