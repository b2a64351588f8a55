package cn.hotline.kernel.tenancy.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tenant setting is never stale: thousands of transactions alternating between tenants (and a
 * workstation scope) over a pool of two connections, eight in flight, with failures injected in a
 * fifth of them — errors after writing, SQL errors, and cancellations mid-transaction. Every
 * transaction checks that the connection it got carries its own tenant and scope and sees only its
 * own rows; every failed one must have left nothing behind.
 */
class TenantGuardPoolIT {

    private static final String DB = "kernel_guard_pool_it";
    private static final int ROUNDS = 3000;
    private static final List<TenantContext> TENANTS = List.of(
            TenantContext.of(TenantId.of("shushan")),
            TenantContext.of(TenantId.of("xuzhou-yb")),
            TenantContext.of(WorkstationId.of("nanning.qingxiu")),
            TenantContext.of(TenantId.of("nanning")));

    private static StackEndpoints stack;
    private static ConnectionPool pool;
    private static DatabaseClient db;
    private static TransactionalOperator tx;

    @BeforeAll
    static void createDatabase() throws SQLException {
        stack = TestStack.endpoints();
        try (Connection su = DriverManager.getConnection(
                        stack.jdbcUrl("postgres"), stack.pgSuperuser(), stack.pgSuperpassword());
                Statement s = su.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB + " OWNER " + stack.dbOwner());
            s.execute("GRANT CONNECT ON DATABASE " + DB + " TO " + stack.dbAppUser());
        }
        try (Connection owner =
                        DriverManager.getConnection(stack.jdbcUrl(DB), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE mark (id bigserial PRIMARY KEY, tenant_id text NOT NULL, round int NOT NULL,"
                    + " committed boolean NOT NULL)");
            s.execute("ALTER TABLE mark ENABLE ROW LEVEL SECURITY");
            s.execute("ALTER TABLE mark FORCE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY tenant_isolation ON mark"
                    + " USING (tenant_id = current_setting('app.tenant_id', true))"
                    + " WITH CHECK (tenant_id = current_setting('app.tenant_id', true))");
            s.execute("GRANT USAGE ON SCHEMA public TO " + stack.dbAppUser());
            s.execute("GRANT SELECT, INSERT ON mark TO " + stack.dbAppUser());
            s.execute("GRANT USAGE ON SEQUENCE mark_id_seq TO " + stack.dbAppUser());
        }
        PostgresqlConnectionFactory raw = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(stack.pgHost())
                .port(stack.pgPort())
                .database(DB)
                .username(stack.dbAppUser())
                .password(stack.dbAppPassword())
                .build());
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(raw)
                .initialSize(2)
                .maxSize(2)
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
        io.r2dbc.spi.ConnectionFactory guarded = TenantGuardConnectionFactory.guard(pool);
        db = DatabaseClient.create(guarded);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(guarded));
    }

    @AfterAll
    static void closePool() {
        pool.dispose();
    }

    private enum Fate {
        COMMIT,
        ERROR_AFTER_WRITE,
        SQL_ERROR,
        CANCELLED
    }

    private record Outcome(TenantContext tenant, int round, Fate fate, boolean failed, String problem) {}

    private static Fate fateOf(int round) {
        return switch (round % 10) {
            case 3 -> Fate.ERROR_AFTER_WRITE;
            case 6 -> Fate.SQL_ERROR;
            case 9 -> Fate.CANCELLED;
            default -> Fate.COMMIT;
        };
    }

    private static String tenantOf(TenantContext context) {
        return ((TenantContext.Tenant) context).tenant().value();
    }

    private static String scopeOf(TenantContext context) {
        return ((TenantContext.Tenant) context)
                .workstation()
                .map(WorkstationId::value)
                .orElse("");
    }

    /** One transaction: check the bound settings and visible rows, write a mark, then meet its fate. */
    private static Mono<Outcome> round(int round) {
        TenantContext tenant = TENANTS.get(round % TENANTS.size());
        Fate fate = fateOf(round);
        Mono<String> work = db.sql("SELECT current_setting('app.tenant_id', true) AS t,"
                        + " coalesce(current_setting('app.scope_unit', true), '') AS s,"
                        + " (SELECT count(*) FROM mark WHERE tenant_id <> current_setting('app.tenant_id', true)) AS"
                        + " foreign_rows")
                .map(row -> {
                    String seen = row.get("t", String.class) + "/" + row.get("s", String.class);
                    long foreign = row.get("foreign_rows", Long.class);
                    String expected = tenantOf(tenant) + "/" + scopeOf(tenant);
                    return seen.equals(expected) && foreign == 0
                            ? ""
                            : "round " + round + " expected " + expected + " saw " + seen + " and " + foreign
                                    + " foreign rows";
                })
                .one()
                .flatMap(problem -> db.sql("INSERT INTO mark (tenant_id, round, committed) VALUES (:t, :r, :c)")
                        .bind("t", tenantOf(tenant))
                        .bind("r", round)
                        .bind("c", fate == Fate.COMMIT)
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(problem))
                .flatMap(problem -> switch (fate) {
                    case COMMIT -> Mono.just(problem);
                    case ERROR_AFTER_WRITE -> Mono.error(new IllegalStateException("injected after write"));
                    case SQL_ERROR ->
                        db.sql("SELECT 1 / 0").fetch().rowsUpdated().thenReturn(problem);
                    case CANCELLED -> Mono.<String>never();
                });
        Mono<String> bounded = fate == Fate.CANCELLED ? work.timeout(Duration.ofMillis(50)) : work;
        return Tenancy.runAs(tenant, tx.transactional(bounded))
                .map(problem -> new Outcome(tenant, round, fate, false, problem))
                .onErrorResume(e -> Mono.just(new Outcome(tenant, round, fate, true, "")));
    }

    @Test
    void tenantSettingIsNeverStaleAcrossThousandsOfAlternatingTransactionsWithFailures() throws SQLException {
        Map<Fate, AtomicInteger> failedByFate = new ConcurrentHashMap<>();
        List<Outcome> outcomes = Flux.range(0, ROUNDS)
                .flatMap(TenantGuardPoolIT::round, 8)
                .doOnNext(o -> {
                    if (o.failed()) {
                        failedByFate
                                .computeIfAbsent(o.fate(), f -> new AtomicInteger())
                                .incrementAndGet();
                    }
                })
                .collectList()
                .block(Duration.ofMinutes(5));

        assertThat(outcomes).hasSize(ROUNDS);
        assertThat(outcomes).extracting(Outcome::problem).allMatch(String::isEmpty, "no stale tenant or scope");
        assertThat(outcomes)
                .filteredOn(o -> o.fate() == Fate.COMMIT)
                .allMatch(o -> !o.failed(), "every transaction without an injected failure commits");
        assertThat(failedByFate.keySet())
                .as("each kind of injected failure happened")
                .containsExactlyInAnyOrder(Fate.ERROR_AFTER_WRITE, Fate.SQL_ERROR, Fate.CANCELLED);

        long commits = outcomes.stream().filter(o -> o.fate() == Fate.COMMIT).count();
        // As the superuser: forced RLS hides every row from the owner too.
        try (Connection su =
                        DriverManager.getConnection(stack.jdbcUrl(DB), stack.pgSuperuser(), stack.pgSuperpassword());
                Statement s = su.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) AS all_rows, count(*) FILTER (WHERE NOT committed) AS failed_rows,"
                    + " count(*) FILTER (WHERE tenant_id <> (ARRAY['shushan','xuzhou-yb','nanning','nanning'])"
                    + "[(round % 4) + 1]) AS misfiled FROM mark");
            rs.next();
            assertThat(rs.getLong("failed_rows"))
                    .as("rows of failed transactions")
                    .isZero();
            assertThat(rs.getLong("all_rows")).isEqualTo(commits);
            assertThat(rs.getLong("misfiled"))
                    .as("rows filed under another tenant")
                    .isZero();
        }
        // The pool is still healthy: both connections can be used for a fresh tenant afterwards.
        assertThat(Tenancy.runAs(
                                TENANTS.getFirst(),
                                tx.transactional(db.sql("SELECT count(*) AS n FROM mark")
                                        .map(row -> row.get("n", Long.class))
                                        .one()))
                        .block())
                .isPositive();
    }
}
