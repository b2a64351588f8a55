package cn.hotline.kernel.tenancy.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.r2dbc.spi.ConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The guard against a real PostgreSQL: a table with a row-level-security policy, reached as the
 * service role (no BYPASSRLS, owns nothing) through a pool of one connection, so that any setting
 * that outlived its transaction would show in the next one.
 */
class TenantGuardIT {

    private static final String DB = "kernel_guard_it";
    private static final TenantContext SHUSHAN = TenantContext.of(TenantId.of("shushan"));
    private static final TenantContext NANNING = TenantContext.of(TenantId.of("nanning"));

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
            s.execute("CREATE TABLE note (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL)");
            s.execute("ALTER TABLE note ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY tenant_isolation ON note"
                    + " USING (tenant_id = current_setting('app.tenant_id', true))"
                    + " WITH CHECK (tenant_id = current_setting('app.tenant_id', true))");
            s.execute("GRANT USAGE ON SCHEMA public TO " + stack.dbAppUser());
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON note TO " + stack.dbAppUser());
            s.execute("GRANT USAGE ON SEQUENCE note_id_seq TO " + stack.dbAppUser());
        }
        PostgresqlConnectionFactory raw = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(stack.pgHost())
                .port(stack.pgPort())
                .database(DB)
                .username(stack.dbAppUser())
                .password(stack.dbAppPassword())
                .build());
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(raw)
                .initialSize(1)
                .maxSize(1)
                .build());
        ConnectionFactory guarded = TenantGuardConnectionFactory.guard(pool);
        db = DatabaseClient.create(guarded);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(guarded));
    }

    @AfterAll
    static void closePool() {
        pool.dispose();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        try (Connection owner =
                        DriverManager.getConnection(stack.jdbcUrl(DB), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            s.execute("DELETE FROM note");
        }
    }

    private static <T> Mono<T> inTx(TenantContext tenant, Mono<T> work) {
        return Tenancy.runAs(tenant, tx.transactional(work));
    }

    private static Mono<Long> insert(String tenant, String body) {
        return db.sql("INSERT INTO note (tenant_id, body) VALUES (:t, :b)")
                .bind("t", tenant)
                .bind("b", body)
                .fetch()
                .rowsUpdated();
    }

    private static Mono<List<String>> bodies() {
        return db.sql("SELECT body FROM note ORDER BY id")
                .map(row -> row.get("body", String.class))
                .all()
                .collectList();
    }

    @Test
    void eachTenantSeesOnlyItsOwnRows() {
        inTx(SHUSHAN, insert("shushan", "蜀山区 note")).block();
        inTx(NANNING, insert("nanning", "南宁市 note")).block();

        assertThat(inTx(SHUSHAN, bodies()).block()).containsExactly("蜀山区 note");
        assertThat(inTx(NANNING, bodies()).block()).containsExactly("南宁市 note");
    }

    @Test
    void writingAnotherTenantsRowIsRejectedByThePolicyAndChangesNothing() {
        assertThatThrownBy(() -> inTx(SHUSHAN, insert("nanning", "smuggled")).block())
                .hasMessageContaining("row-level security");

        assertThat(inTx(NANNING, bodies()).block()).isEmpty();
    }

    @Test
    void statementOutsideATransactionIsRefused() {
        Mono<Long> unguarded = Tenancy.runAs(SHUSHAN, insert("shushan", "no transaction"));

        assertThatThrownBy(unguarded::block)
                .isInstanceOf(TenantGuardViolation.class)
                .hasMessageContaining("outside a transaction");
        assertThat(inTx(SHUSHAN, bodies()).block()).isEmpty();
    }

    @Test
    void transactionThatBeganWithoutATenantIsRefused() {
        Mono<Long> noTenant = tx.transactional(insert("shushan", "who am I"));

        assertThatThrownBy(noTenant::block)
                .isInstanceOf(TenantGuardViolation.class)
                .hasMessageContaining("no tenant");
        assertThat(inTx(SHUSHAN, bodies()).block()).isEmpty();
    }

    @Test
    void tenantBoundInsideTheTransactionalBoundaryIsTooLateAndRefused() {
        Mono<Long> lateBinding = tx.transactional(Tenancy.runAs(SHUSHAN, insert("shushan", "late")));

        assertThatThrownBy(lateBinding::block).isInstanceOf(TenantGuardViolation.class);
    }

    @Test
    void settingsEndWithTheirTransactionOnTheSamePooledConnection() {
        inTx(SHUSHAN, insert("shushan", "one")).block();

        String afterwards = inTx(
                        TenantContext.platform("test"),
                        db.sql("SELECT coalesce(current_setting('app.tenant_id', true), '') AS t")
                                .map(row -> row.get("t", String.class))
                                .one())
                .block();

        assertThat(afterwards).isEmpty();
        assertThat(inTx(TenantContext.platform("test"), bodies()).block()).isEmpty();
    }

    @Test
    void workstationScopeIsBoundBesideTheTenant() {
        TenantContext qingxiu = TenantContext.of(WorkstationId.of("nanning.qingxiu"));

        List<String> settings = inTx(
                        qingxiu,
                        db.sql("SELECT current_setting('app.tenant_id', true) AS t,"
                                        + " current_setting('app.scope_unit', true) AS s")
                                .map(row -> row.get("t", String.class) + "/" + row.get("s", String.class))
                                .all()
                                .collectList())
                .block();

        assertThat(settings).containsExactly("nanning/nanning.qingxiu");
    }

    @Test
    void rollbackKeepsNothingAndReleasesTheBinding() {
        Mono<Long> failing = insert("shushan", "rolled back").then(Mono.error(new IllegalStateException("boom")));

        assertThatThrownBy(() -> inTx(SHUSHAN, failing).block()).hasMessage("boom");

        assertThat(inTx(SHUSHAN, bodies()).block()).isEmpty();
        assertThatThrownBy(() -> insert("shushan", "after rollback").block()).isInstanceOf(TenantGuardViolation.class);
    }
}
