package cn.hotline.tenant.directory;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Shared by the tenant-service ITs: fresh tenant rows (as the registry's owner would write them) and tokens. */
public final class TenantApiSupport {

    private TenantApiSupport() {}

    /** A new tenant with the given registry status, unique per call. */
    public static String newTenant(String status) throws SQLException {
        String slug = "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.prepareStatement("INSERT INTO tenant (slug, name, kind, status, spec)"
                        + " VALUES (?, ?, 'DISTRICT', ?, '{}'::jsonb)")) {
            s.setString(1, slug);
            s.setString(2, "测试 " + slug);
            s.setString(3, status);
            s.executeUpdate();
        }
        return slug;
    }

    /** "Bearer …" for a user of {@code tenant} with comma-separated role codes, optionally scoped. */
    public static String bearer(String tenant, String roles, @Nullable String scope) {
        List<Role> list = Arrays.stream(roles.split(",")).map(Role::valueOf).toList();
        return "Bearer " + TestTokens.user(tenant, list, scope);
    }
}
