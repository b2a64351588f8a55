package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of arrivals, answers, hang-ups, abandons, state changes and time steps over many agents and
 * skills; after every step no agent has two calls and no call is at two agents, and ready agents never coexist with
 * calls waiting for their skill.
 */
class AcdInvariantsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void neverOffersOneAgentTwoCallsNorOneCallToTwoAgents(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MutableClock clock = MutableClock.atNoon();
        List<SkillId> skills = List.of(SkillId.of("s0"), SkillId.of("s1"), SkillId.of("s2"), SkillId.of("s3"));
        AcdSettings settings = AcdSettings.defaults()
                .withAfterCallWork(Duration.ofSeconds(5))
                .withOverflow(skills.get(0), new AcdSettings.Overflow(skills.get(1), Duration.ofSeconds(20)));
        Acd acd = new Acd(TenantId.of("nanning"), clock, settings);
        List<AgentId> agents = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            AgentId id = AgentId.of("a" + i);
            acd.enrol(
                    id,
                    List.of(
                            new AgentSkill(skills.get(i % 4), 1 + random.nextInt(10)),
                            new AgentSkill(skills.get((i + 1) % 4), 1 + random.nextInt(10))));
            acd.signIn(id);
            agents.add(id);
        }
        List<CallId> live = new ArrayList<>();
        int offers = 0;
        for (int step = 0; step < 4_000; step++) {
            int op = random.nextInt(10);
            AgentId agent = agents.get(random.nextInt(agents.size()));
            AgentState state = acd.agent(agent).orElseThrow().state();
            switch (op) {
                case 0, 1 -> {
                    CallId call = CallId.random();
                    if (!(acd.arrive(call, skills.get(random.nextInt(4)), random.nextInt(3))
                            instanceof CallRouting.Rejected)) {
                        live.add(call);
                    }
                }
                case 2 -> {
                    if (state instanceof AgentState.NotReady || state instanceof AgentState.AfterCallWork) {
                        acd.ready(agent);
                    }
                }
                case 3 -> {
                    if (state instanceof AgentState.Offered o) {
                        acd.answer(agent, o.call());
                    }
                }
                case 4 -> {
                    if (state instanceof AgentState.Talking t) {
                        acd.hangUp(t.call());
                        live.remove(t.call());
                    }
                }
                case 5 -> {
                    if (!live.isEmpty()) {
                        CallId call = live.get(random.nextInt(live.size()));
                        if (acd.call(call).orElseThrow().status() != CallSnapshot.Status.CONNECTED) {
                            acd.abandon(call);
                            live.remove(call);
                        }
                    }
                }
                case 6 -> {
                    if (state instanceof AgentState.Ready) {
                        acd.notReady(agent, "BREAK");
                    }
                }
                default -> {
                    clock.advance(Duration.ofMillis(random.nextInt(4000)));
                    offers += acd.tick().size();
                }
            }
            assertConsistent(acd, agents, skills);
        }
        assertThat(offers).as("the run exercised re-offers and overflows").isPositive();
    }

    private static void assertConsistent(Acd acd, List<AgentId> agents, List<SkillId> skills) {
        Map<CallId, AgentId> callAt = new HashMap<>();
        for (AgentId id : agents) {
            AgentState state = acd.agent(id).orElseThrow().state();
            CallId call =
                    switch (state) {
                        case AgentState.Offered o -> o.call();
                        case AgentState.Talking t -> t.call();
                        case AgentState.OnHold h -> h.call();
                        default -> null;
                    };
            if (call != null) {
                AgentId other = callAt.put(call, id);
                assertThat(other).as("call %s at two agents", call).isNull();
                CallSnapshot snapshot = acd.call(call).orElseThrow();
                assertThat(snapshot.agent()).isEqualTo(id);
            }
        }
        for (CallSnapshot call : acd.calls()) {
            if (call.status() != CallSnapshot.Status.WAITING) {
                assertThat(callAt).containsEntry(call.call(), call.agent());
            }
        }
        for (SkillId skill : skills) {
            assertThat(acd.readyAgents(skill) == 0 || acd.waiting(skill) == 0)
                    .as("ready agents and waiting calls for %s at once", skill)
                    .isTrue();
        }
    }
}
