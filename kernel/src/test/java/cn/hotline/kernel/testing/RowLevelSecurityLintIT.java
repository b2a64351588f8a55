package cn.hotline.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lint must catch each way a tenant table can leak, and pass a schema that does it right. */
class RowLevelSecurityLintIT {

    private static final String DB = "kernel_rls_lint_it";
    private static final String POLICY = " USING (tenant_id = current_setting('app.tenant_id', true))"
            + " WITH CHECK (tenant_id = current_setting('app.tenant_id', true))";

    private StackEndpoints stack;

    @BeforeEach
    void freshDatabase() throws SQLException {
        stack = TestStack.endpoints();
        try (Connection su = DriverManager.getConnection(
                        stack.jdbcUrl("postgres"), stack.pgSuperuser(), stack.pgSuperpassword());
                Statement s = su.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB + " OWNER " + stack.dbOwner());
        }
        owner(
                "CREATE TABLE good (id bigint PRIMARY KEY, tenant_id text NOT NULL)",
                "ALTER TABLE good ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE good FORCE ROW LEVEL SECURITY",
                "CREATE POLICY isolation ON good" + POLICY,
                "GRANT USAGE ON SCHEMA public TO " + stack.dbAppUser(),
                "GRANT SELECT, INSERT ON good TO " + stack.dbAppUser());
    }

    private void owner(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(DB), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private RowLevelSecurityLint lint() {
        return RowLevelSecurityLint.of(stack, DB);
    }

    @Test
    void passesASchemaWithEnabledForcedTenantPolicies() {
        assertThat(lint().violations()).isEmpty();
        assertThat(lint().tenantTableCount()).isEqualTo(1);
    }

    @Test
    void flagsATenantTableWithoutRowLevelSecurity() throws SQLException {
        owner("CREATE TABLE leaky (id bigint, tenant_id text)");

        assertThat(lint().violations())
                .anySatisfy(v -> assertThat(v).startsWith("leaky:").contains("not enabled"))
                .anySatisfy(v -> assertThat(v).startsWith("leaky:").contains("not forced"))
                .anySatisfy(v -> assertThat(v).startsWith("leaky:").contains("no policy"));
        assertThatThrownBy(lint()::assertClean)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leaky");
    }

    @Test
    void flagsRowLevelSecurityThatIsEnabledButNotForced() throws SQLException {
        owner(
                "CREATE TABLE half (id bigint, tenant_id text)",
                "ALTER TABLE half ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY isolation ON half" + POLICY);

        assertThat(lint().violations())
                .containsExactly("half: row-level security is not forced (ALTER TABLE half FORCE ROW LEVEL SECURITY)");
    }

    @Test
    void flagsAPolicyThatDoesNotReadTheTenantSetting() throws SQLException {
        owner(
                "CREATE TABLE open_door (id bigint, tenant_id text)",
                "ALTER TABLE open_door ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE open_door FORCE ROW LEVEL SECURITY",
                "CREATE POLICY everyone ON open_door USING (true)");

        assertThat(lint().violations())
                .containsExactly("open_door: a policy does not compare with app_tenant() / app.tenant_id");
    }

    @Test
    void flagsATableTheServiceCanReadWithoutATenantColumnUnlessDeclaredPlatformLevel() throws SQLException {
        owner("CREATE TABLE registry (slug text PRIMARY KEY)", "GRANT SELECT ON registry TO " + stack.dbAppUser());

        assertThat(lint().violations()).singleElement().satisfies(v -> assertThat(v)
                .startsWith("registry: readable by " + stack.dbAppUser() + " without a tenant_id"));
        assertThat(lint().platformTables("registry").violations()).isEmpty();
    }

    @Test
    void flagsAServiceRoleThatOwnsATable() throws SQLException {
        owner("GRANT CREATE ON SCHEMA public TO " + stack.dbAppUser());
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(DB), stack.dbAppUser(), stack.dbAppPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mine (id bigint, tenant_id text)");
            s.execute("ALTER TABLE mine ENABLE ROW LEVEL SECURITY");
            s.execute("ALTER TABLE mine FORCE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY isolation ON mine" + POLICY);
        }

        assertThat(lint().violations()).anySatisfy(v -> assertThat(v).contains("owns 1 relation(s)"));
    }
}
