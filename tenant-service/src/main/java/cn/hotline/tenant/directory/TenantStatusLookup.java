package cn.hotline.tenant.directory;

import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether a tenant may sign users in: the platform tenant always, any other only while its registry row is {@code
 * ACTIVE}. Reads the registry's {@code tenant} table (platform-level, no RLS) in a platform transaction.
 */
@Component
public final class TenantStatusLookup {

    public static final String PLATFORM = "platform";

    private final DatabaseClient db;
    private final TenantTransactions tx;

    public TenantStatusLookup(DatabaseClient db, TenantTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<Boolean> isActive(String tenant) {
        if (PLATFORM.equals(tenant)) {
            return Mono.just(true);
        }
        return tx.run(
                TenantContext.platform("sign-in issuer check"),
                db.sql("SELECT status FROM tenant WHERE slug = :slug")
                        .bind("slug", tenant)
                        .map(row -> "ACTIVE".equals(row.get("status", String.class)))
                        .one()
                        .defaultIfEmpty(false));
    }
}
