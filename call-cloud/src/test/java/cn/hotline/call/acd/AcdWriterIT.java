package cn.hotline.call.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.CallSnapshot;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealServers
class AcdWriterIT {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static AcdServers servers;

    private final AcdSettings settings = AcdSettings.defaults().withAfterCallWork(Duration.ZERO);

    @BeforeAll
    static void connect() {
        servers = new AcdServers();
    }

    @AfterAll
    static void disconnect() {
        servers.close();
    }

    private AcdWriter start(TenantId tenant, String holder, Duration ttl) {
        return AcdWriter.start(
                        tenant, holder, servers.lease(ttl), servers.store(), Clock.systemUTC(), settings, notices -> {})
                .block(WAIT);
    }

    private static <T> T on(AcdWriter writer, java.util.function.Function<Acd, T> command) {
        return writer.submit(command).block(WAIT);
    }

    private static void run(AcdWriter writer, java.util.function.Consumer<Acd> command) {
        writer.submit(acd -> {
                    command.accept(acd);
                    return Boolean.TRUE;
                })
                .block(WAIT);
    }

    private static AgentId enrolReady(AcdWriter writer, String name) {
        AgentId agent = AgentId.of(name);
        run(writer, acd -> {
            acd.enrol(agent, List.of(new AgentSkill(GENERAL, 5)));
            acd.signIn(agent);
            acd.ready(agent);
        });
        return agent;
    }

    private static List<String> decisions(TenantId tenant, String sql) {
        return Tenancy.runAs(
                        TenantContext.of(tenant),
                        servers.tx.transactional(servers.db
                                .sql(sql)
                                .map(row -> String.valueOf(row.get(0)))
                                .all()
                                .collectList()))
                .block(WAIT);
    }

    @Test
    void onlyTheLeaseHolderBecomesTheWriter() {
        TenantId tenant = AcdServers.freshTenant();
        AcdWriter first = start(tenant, "instance-a", Duration.ofSeconds(30));

        AcdWriter second = start(tenant, "instance-b", Duration.ofSeconds(30));

        assertThat(first).isNotNull();
        assertThat(second)
                .as("a second instance gets no writer while the lease is held")
                .isNull();
        first.stop().block(WAIT);
        assertThat(start(tenant, "instance-b", Duration.ofSeconds(30)))
                .as("after release the other instance takes over")
                .isNotNull()
                .extracting(AcdWriter::fencingToken)
                .isEqualTo(first.fencingToken() + 1);
    }

    @Test
    void aWriterWhoseLeasePassedOnIsRefusedByItsStaleFencingToken() {
        TenantId tenant = AcdServers.freshTenant();
        AcdWriter stale = start(tenant, "instance-a", Duration.ofSeconds(30));
        AgentId agent = enrolReady(stale, "agent-1");
        // The lease expires (a GC pause, a partition) without the old writer noticing, and another instance takes it.
        servers.redis.delete(AcdLease.leaseKey(tenant)).block(WAIT);
        AcdWriter successor = start(tenant, "instance-b", Duration.ofSeconds(30));
        assertThat(successor.fencingToken()).isGreaterThan(stale.fencingToken());

        assertThatThrownBy(() -> on(stale, acd -> acd.arrive(CallId.random(), GENERAL, 0)))
                .isInstanceOf(AcdWriter.WriterLost.class)
                .hasMessageContaining("superseded");

        assertThat(decisions(tenant, "SELECT count(*) FROM acd_call")).containsExactly("0");
        assertThat(decisions(tenant, "SELECT state FROM acd_agent")).containsExactly("READY");
        assertThat(stale.isLive()).isFalse();
        CallRouting routing = on(successor, acd -> acd.arrive(CallId.random(), GENERAL, 0));
        assertThat(routing).isInstanceOfSatisfying(CallRouting.Offered.class, o -> assertThat(o.agent())
                .isEqualTo(agent));
    }

    @Test
    void aWriterThatCannotRenewItsLeaseStopsDeciding() throws InterruptedException {
        TenantId tenant = AcdServers.freshTenant();
        AcdWriter writer = start(tenant, "instance-a", Duration.ofMillis(900))
                .runLoops(Duration.ofMillis(100), List.of(), Duration.ofSeconds(1));
        enrolReady(writer, "agent-1");
        servers.redis
                .opsForValue()
                .set(AcdLease.leaseKey(tenant), "someone-else|999")
                .block(WAIT);

        Thread.sleep(1_200);

        assertThat(writer.isLive()).isFalse();
        assertThatThrownBy(() -> on(writer, acd -> acd.arrive(CallId.random(), GENERAL, 0)))
                .isInstanceOf(AcdWriter.WriterLost.class);
    }

    @Test
    void aNewWriterRecoversQueuedCallsAndAgentStatesFromPostgres() {
        TenantId tenant = AcdServers.freshTenant();
        AcdWriter before = start(tenant, "instance-a", Duration.ofSeconds(30));
        AgentId talking = enrolReady(before, "talking");
        AgentId resting = AgentId.of("resting");
        CallId connected = CallId.random();
        CallId first = CallId.random();
        CallId second = CallId.random();
        run(before, acd -> {
            acd.enrol(resting, List.of(new AgentSkill(GENERAL, 3)));
            acd.signIn(resting);
            acd.notReady(resting, "MEETING");
            acd.arrive(connected, GENERAL, 0);
            acd.answer(talking, connected);
            acd.arrive(first, GENERAL, 0);
            acd.arrive(second, GENERAL, 2);
        });
        before.stop().block(WAIT);

        AcdWriter after = start(tenant, "instance-b", Duration.ofSeconds(30));

        AgentState talkingState =
                on(after, acd -> acd.agent(talking).orElseThrow().state());
        AgentState restingState =
                on(after, acd -> acd.agent(resting).orElseThrow().state());
        Integer waiting = on(after, acd -> acd.waiting(GENERAL));
        CallSnapshot.Status firstStatus =
                on(after, acd -> acd.call(first).orElseThrow().status());
        assertThat(talkingState).isEqualTo(new AgentState.Talking(connected));
        assertThat(restingState).isEqualTo(new AgentState.NotReady("MEETING"));
        assertThat(waiting).isEqualTo(2);
        assertThat(firstStatus).isEqualTo(CallSnapshot.Status.WAITING);
        // The recovered queue keeps its order: the priority call goes first.
        CallRouting.Offered next = on(after, acd -> acd.ready(resting)).orElseThrow();
        assertThat(next.call()).isEqualTo(second);
    }

    @Test
    void concurrentCommandsNeverOfferAnAgentTwoCallsNorACallTwice() throws Exception {
        TenantId tenant = AcdServers.freshTenant();
        AcdWriter writer = start(tenant, "instance-a", Duration.ofSeconds(60));
        List<AgentId> agents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            agents.add(enrolReady(writer, "agent-" + i));
        }
        int calls = 400;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(calls);
        // Callers arrive from many threads; agents answer and hang up as soon as they are offered a call.
        writer.offers()
                .flatMap(offer -> writer.submit(acd -> {
                            acd.answer(offer.agent(), offer.call());
                            return acd.hangUp(offer.call());
                        })
                        .doFinally(signal -> done.countDown()))
                .subscribe();
        for (int i = 0; i < calls; i++) {
            pool.submit(() -> writer.submit(acd -> acd.arrive(CallId.random(), GENERAL, 0))
                    .subscribe());
        }
        assertThat(done.await(60, TimeUnit.SECONDS))
                .as("every call was offered and ended")
                .isTrue();
        pool.shutdown();

        List<String> rows = decisions(
                tenant,
                "SELECT kind || ' ' || coalesce(call_id::text, '') || ' ' || coalesce(agent_id, '')"
                        + " FROM acd_decision WHERE kind IN ('CallOffered', 'CallEnded') ORDER BY id");
        Map<String, String> busyWith = new HashMap<>();
        Map<String, Integer> offeredTimes = new HashMap<>();
        for (String row : rows) {
            String[] parts = row.split(" ");
            String call = parts[1];
            String agent = parts[2];
            if (parts[0].equals("CallOffered")) {
                assertThat(busyWith.get(agent))
                        .as("agent %s offered a second call", agent)
                        .isNull();
                busyWith.put(agent, call);
                offeredTimes.merge(call, 1, Integer::sum);
            } else {
                assertThat(busyWith.remove(agent)).isEqualTo(call);
            }
        }
        assertThat(offeredTimes).hasSize(calls).allSatisfy((call, times) -> assertThat(times)
                .isEqualTo(1));
        assertThat(decisions(tenant, "SELECT count(DISTINCT fencing_token) FROM acd_decision"))
                .containsExactly("1");
    }
}
