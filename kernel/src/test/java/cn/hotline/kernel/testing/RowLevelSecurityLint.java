package cn.hotline.kernel.testing;

import cn.hotline.devstack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Schema check every service runs against its migrated database (ADR 0002 §5): isolation that cannot
 * be forgotten. It fails when
 *
 * <ul>
 *   <li>a table with a {@code tenant_id} column lacks row-level security, enabled <em>and</em> forced,
 *       or has no policy, or has a policy that does not read the transaction's tenant setting;
 *   <li>the service's role is a superuser, can bypass RLS, or owns a table (owners skip policies
 *       unless forced, and could disable them);
 *   <li>a table the service's role can read has no {@code tenant_id} and is not declared a platform
 *       table — so a new table cannot silently escape the rule by leaving the column out.
 * </ul>
 *
 * <p>Usage: {@code RowLevelSecurityLint.of(TestStack.endpoints(), "cc_tenant").platformTables("tenant",
 * "flyway_schema_history").assertClean();}
 */
public final class RowLevelSecurityLint {

    private static final String TENANT_TABLES =
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
                   (SELECT count(*) FROM pg_policy p
                     WHERE p.polrelid = c.oid
                       AND (pg_get_expr(p.polqual, p.polrelid) ~ '(app_tenant\\(\\)|app\\.tenant_id)')
                       AND (p.polwithcheck IS NULL
                            OR pg_get_expr(p.polwithcheck, p.polrelid) ~ '(app_tenant\\(\\)|app\\.tenant_id)'))
                     AS tenant_policies
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg_toast%'
               AND EXISTS (SELECT 1 FROM pg_attribute a
                            WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
             ORDER BY c.relname
            """;

    private static final String READABLE_WITHOUT_TENANT =
            """
            SELECT c.relname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg_toast%'
               AND has_table_privilege(?, c.oid, 'SELECT')
               AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                                WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
             ORDER BY c.relname
            """;

    private static final String ROLE =
            """
            SELECT r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c
                      JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relowner = r.oid
                       AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                       AND n.nspname NOT IN ('pg_catalog', 'information_schema')) AS owned
              FROM pg_roles r WHERE r.rolname = ?
            """;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String appRole;
    private final Set<String> platformTables = new TreeSet<>(Set.of("flyway_schema_history"));

    private RowLevelSecurityLint(String jdbcUrl, String user, String password, String appRole) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.appRole = appRole;
    }

    /** Lints {@code database} of the devstack's PostgreSQL, for the services' role. */
    public static RowLevelSecurityLint of(StackEndpoints stack, String database) {
        return new RowLevelSecurityLint(
                stack.jdbcUrl(database), stack.dbOwner(), stack.dbOwnerPassword(), stack.dbAppUser());
    }

    public static RowLevelSecurityLint of(String jdbcUrl, String user, String password, String appRole) {
        return new RowLevelSecurityLint(jdbcUrl, user, password, appRole);
    }

    /**
     * Tables without {@code tenant_id} that the service's role may read on purpose: platform registries
     * that hold no tenant's data (the tenant list, provisioning state). Each one is a decision to review.
     */
    public RowLevelSecurityLint platformTables(String... names) {
        platformTables.addAll(List.of(names));
        return this;
    }

    /** Every violation found, one readable line each; empty when the schema is clean. */
    public List<String> violations() {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            checkRole(c, found);
            checkTenantTables(c, found);
            checkTablesWithoutTenant(c, found);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lint " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Fails with every violation listed. */
    public void assertClean() {
        List<String> found = violations();
        if (!found.isEmpty()) {
            throw new AssertionError(
                    "row-level-security lint of " + jdbcUrl + " failed:\n  - " + String.join("\n  - ", found));
        }
    }

    /** How many tables carry a tenant_id (so a test can assert the lint looked at something). */
    public int tenantTableCount() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement s = c.prepareStatement(TENANT_TABLES);
                ResultSet rs = s.executeQuery()) {
            int count = 0;
            while (rs.next()) {
                count++;
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lint " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private void checkRole(Connection c, List<String> found) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(ROLE)) {
            s.setString(1, appRole);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    found.add("role " + appRole + " does not exist");
                    return;
                }
                if (rs.getBoolean("rolsuper")) {
                    found.add("role " + appRole + " is a superuser (superusers bypass row-level security)");
                }
                if (rs.getBoolean("rolbypassrls")) {
                    found.add("role " + appRole + " has BYPASSRLS");
                }
                long owned = rs.getLong("owned");
                if (owned > 0) {
                    found.add("role " + appRole + " owns " + owned
                            + " relation(s); the service role must own nothing (migrations run as the owner)");
                }
            }
        }
    }

    private static void checkTenantTables(Connection c, List<String> found) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TENANT_TABLES);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String table = rs.getString("relname");
                if (!rs.getBoolean("relrowsecurity")) {
                    found.add(table + ": has tenant_id but row-level security is not enabled");
                }
                if (!rs.getBoolean("relforcerowsecurity")) {
                    found.add(table + ": row-level security is not forced (ALTER TABLE " + table
                            + " FORCE ROW LEVEL SECURITY)");
                }
                if (rs.getLong("policies") == 0) {
                    found.add(table + ": no policy (with RLS on, nobody sees anything; with it off, everybody)");
                } else if (rs.getLong("tenant_policies") < rs.getLong("policies")) {
                    found.add(table + ": a policy does not compare with app_tenant() / app.tenant_id");
                }
            }
        }
    }

    private void checkTablesWithoutTenant(Connection c, List<String> found) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(READABLE_WITHOUT_TENANT)) {
            s.setString(1, appRole);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString("relname");
                    if (!platformTables.contains(table)) {
                        found.add(table + ": readable by " + appRole
                                + " without a tenant_id; add tenant_id with RLS, or declare it a platform table");
                    }
                }
            }
        }
    }
}
