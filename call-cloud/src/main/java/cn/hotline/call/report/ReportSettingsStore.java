package cn.hotline.call.report;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** {@code report_settings} (V86, forced RLS): the tenant's own short-abandon counting, if it chose one. */
final class ReportSettingsStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ReportProperties defaults;

    ReportSettingsStore(DatabaseClient db, TransactionalOperator tx, ReportProperties defaults) {
        this.db = db;
        this.tx = tx;
        this.defaults = defaults;
    }

    /** The platform's settings ({@code cc.call.report.*}), for tenants that chose none. */
    ReportSettings platform() {
        return new ReportSettings(
                Objects.requireNonNull(defaults.shortAbandon()), Objects.requireNonNull(defaults.shortAbandons()));
    }

    Mono<Optional<ReportSettings>> own(TenantId tenant) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT short_abandon_seconds, short_abandons FROM report_settings")
                        .map(row -> new ReportSettings(
                                Duration.ofSeconds(
                                        Objects.requireNonNull(row.get("short_abandon_seconds", Integer.class))),
                                ShortAbandons.valueOf(Objects.requireNonNull(row.get("short_abandons", String.class)))))
                        .one()
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())));
    }

    /** The tenant's settings, or the platform's. */
    Mono<ReportSettings> effective(TenantId tenant) {
        return own(tenant).map(found -> found.orElseGet(this::platform));
    }

    Mono<Void> save(TenantId tenant, ReportSettings settings, String by) {
        return Tenancy.runAs(
                        TenantContext.of(tenant),
                        tx.transactional(db.sql("INSERT INTO report_settings (tenant_id, short_abandon_seconds,"
                                        + " short_abandons, updated_by, updated_at) VALUES (:t, :seconds, :counting,"
                                        + " :by, now()) ON CONFLICT (tenant_id) DO UPDATE SET short_abandon_seconds ="
                                        + " EXCLUDED.short_abandon_seconds, short_abandons = EXCLUDED.short_abandons,"
                                        + " updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")
                                .bind("t", tenant.value())
                                .bind("seconds", (int) settings.shortAbandon().toSeconds())
                                .bind("counting", settings.shortAbandons().name())
                                .bind("by", by)
                                .fetch()
                                .rowsUpdated()))
                .then();
    }
}
