package cn.hotline.kernel.diagnostics;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Queries PostgreSQL through the guarded pool, as platform work, and reports the role the service
 * connects as — which must not be able to bypass row-level security.
 */
final class PostgresCheck implements DiagnosticCheck {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    PostgresCheck(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Mono<DiagnosticResult> run() {
        Mono<DiagnosticResult> query = database.sql(
                        "SELECT current_user AS role, current_database() AS db, r.rolbypassrls AS bypass, "
                                + "r.rolsuper AS super, current_setting('server_version') AS version "
                                + "FROM pg_roles r WHERE r.rolname = current_user")
                .map(row -> {
                    boolean bypass = Boolean.TRUE.equals(row.get("bypass", Boolean.class))
                            || Boolean.TRUE.equals(row.get("super", Boolean.class));
                    Map<String, Object> facts = Map.of(
                            "role", String.valueOf(row.get("role", String.class)),
                            "database", String.valueOf(row.get("db", String.class)),
                            "version", String.valueOf(row.get("version", String.class)),
                            "bypassesRowLevelSecurity", bypass);
                    return bypass
                            ? DiagnosticResult.down(name(), "the service role can bypass row-level security")
                            : DiagnosticResult.up(name(), "query answered", facts);
                })
                .one();
        return Tenancy.runAs(TenantContext.platform("diagnostics"), transactions.transactional(query));
    }
}
