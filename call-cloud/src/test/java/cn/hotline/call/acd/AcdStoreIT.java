package cn.hotline.call.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdEvent;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The ordering rule of the writer's pipelined group commits, straight against PostgreSQL's acd_write. */
@RealServers
class AcdStoreIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AgentId AGENT = AgentId.of("agent-1");
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static AcdServers servers;

    private final TenantId tenant = AcdServers.freshTenant();
    private AcdStore store;
    private Connection connection;

    @BeforeAll
    static void connect() {
        servers = new AcdServers();
    }

    @AfterAll
    static void disconnect() {
        servers.close();
    }

    @BeforeEach
    void open() {
        store = servers.store();
        connection = store.connect().block(WAIT);
    }

    @AfterEach
    void close() {
        Mono.from(connection.close()).block(WAIT);
    }

    /** Batch {@code n}: the agent goes not ready with reason "batch n", one decision recorded. */
    private static AcdStore.Changes batch(int n) {
        AgentState state = new AgentState.NotReady("batch " + n);
        Instant at = T0.plusSeconds(n);
        return new AcdStore.Changes(
                List.of(new Acd.AgentSnapshot(AGENT, List.of(new AgentSkill(SkillId.of("general"), 5)), state, at, T0)),
                List.of(),
                List.of(),
                List.of(new AcdEvent.AgentStateChanged(AGENT, "READY", state, at)));
    }

    private Mono<Void> write(long token, long seq, int n) {
        return store.write(connection, new AcdLease.Held(tenant, "instance-" + token, token), seq, batch(n));
    }

    private List<String> rows(String sql) {
        return Tenancy.runAs(
                        TenantContext.of(tenant),
                        servers.tx.transactional(servers.db
                                .sql(sql)
                                .map(row -> String.valueOf(row.get(0)))
                                .all()
                                .collectList()))
                .block(WAIT);
    }

    private List<String> reasons() {
        return rows("SELECT reason FROM acd_agent");
    }

    private List<String> history() {
        return rows("SELECT detail FROM acd_decision ORDER BY id");
    }

    @Test
    void aBatchThatIsNotTheWritersNextChangesNothing() {
        write(7, 1, 1).block(WAIT);

        assertThatThrownBy(() -> write(7, 3, 3).block(WAIT))
                .as("batch 3 arriving before batch 2")
                .isInstanceOf(AcdStore.StaleWriter.class);
        assertThatThrownBy(() -> write(7, 1, 4).block(WAIT))
                .as("batch 1 sent again")
                .isInstanceOf(AcdStore.StaleWriter.class);
        assertThat(reasons()).containsExactly("batch 1");
        assertThat(history()).containsExactly("READY->NOT_READY(batch 1)");

        write(7, 2, 2).block(WAIT);
        assertThat(reasons()).containsExactly("batch 2");
        assertThat(history()).containsExactly("READY->NOT_READY(batch 1)", "READY->NOT_READY(batch 2)");
    }

    @Test
    void aStaleWritersNextBatchChangesNothingOnceANewerTokenWrote() {
        write(7, 1, 1).block(WAIT);
        write(8, 1, 2).block(WAIT);

        assertThatThrownBy(() -> write(7, 2, 3).block(WAIT)).isInstanceOf(AcdStore.StaleWriter.class);

        assertThat(reasons()).containsExactly("batch 2");
        assertThat(history()).containsExactly("READY->NOT_READY(batch 1)", "READY->NOT_READY(batch 2)");
    }

    @Test
    void batchesSentWithoutWaitingOnOneConnectionAreAppliedInTheOrderSent() {
        int batches = 40;
        List<Mono<Void>> inFlight = new ArrayList<>();
        for (int n = 1; n <= batches; n++) {
            Mono<Void> sent = write(9, n, n).cache();
            sent.subscribe(ignored -> {}, error -> {});
            inFlight.add(sent);
        }

        Flux.concat(inFlight).blockLast(WAIT);

        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= batches; n++) {
            expected.add("READY->NOT_READY(batch " + n + ")");
        }
        assertThat(history()).containsExactlyElementsOf(expected);
        assertThat(reasons()).containsExactly("batch " + batches);
        assertThat(rows("SELECT seq FROM acd_fence")).containsExactly(String.valueOf(batches));
    }
}
