package cn.hotline.kernel.tenancy.r2dbc;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A connection that knows which tenant its current transaction is bound to. */
final class GuardedConnection implements Connection, Wrapped<Connection> {

    static final String BIND_SQL =
            "SELECT set_config('app.tenant_id', $1, true), set_config('app.scope_unit', $2, true)";

    private final Connection delegate;
    private volatile @Nullable TenantContext bound;

    GuardedConnection(Connection delegate) {
        this.delegate = delegate;
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return begin(delegate.beginTransaction());
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return begin(delegate.beginTransaction(definition));
    }

    private Mono<Void> begin(Publisher<Void> beginning) {
        return Mono.deferContextual(context -> {
            Optional<TenantContext> tenant = Tenancy.find(context);
            return Mono.from(beginning).then(tenant.map(this::bind).orElseGet(Mono::empty));
        });
    }

    private Mono<Void> bind(TenantContext tenant) {
        String tenantId;
        String scope;
        switch (tenant) {
            case TenantContext.Tenant t -> {
                tenantId = t.tenant().value();
                scope = t.scopeUnit().map(u -> u.value()).orElse("");
            }
            case TenantContext.Platform p -> {
                tenantId = "";
                scope = "";
            }
        }
        return Flux.from(delegate.createStatement(BIND_SQL)
                        .bind(0, tenantId)
                        .bind(1, scope)
                        .execute())
                .concatMap(result -> result.map((row, meta) -> Boolean.TRUE))
                .then(Mono.fromRunnable(() -> bound = tenant));
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return Mono.from(delegate.commitTransaction()).doFinally(signal -> bound = null);
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return Mono.from(delegate.rollbackTransaction()).doFinally(signal -> bound = null);
    }

    @Override
    public Publisher<Void> close() {
        bound = null;
        return delegate.close();
    }

    @Override
    public Statement createStatement(String sql) {
        requireBound(sql);
        return delegate.createStatement(sql);
    }

    @Override
    public Batch createBatch() {
        requireBound("a batch");
        return delegate.createBatch();
    }

    private void requireBound(String what) {
        if (bound == null) {
            throw new TenantGuardViolation(
                    delegate.isAutoCommit()
                            ? "Refused to run " + abbreviate(what) + " outside a transaction: tenant data is only"
                                    + " reachable inside a transaction that began with a tenant bound"
                                    + " (Tenancy.runAs(tenant, transactionalOperator.transactional(work)))."
                            : "Refused to run " + abbreviate(what) + ": the transaction began with no tenant in the"
                                    + " Reactor Context. Bind the tenant outside the transactional boundary.");
        }
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 77) + "...'";
    }

    /** The tenant context this connection's transaction is bound to, for tests and diagnostics. */
    Optional<TenantContext> boundTenant() {
        return Optional.ofNullable(bound);
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return delegate.createSavepoint(name);
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return delegate.releaseSavepoint(name);
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return delegate.rollbackTransactionToSavepoint(name);
    }

    @Override
    public boolean isAutoCommit() {
        return delegate.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return delegate.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return delegate.setAutoCommit(autoCommit);
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return delegate.setLockWaitTimeout(timeout);
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return delegate.setStatementTimeout(timeout);
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        return delegate.setTransactionIsolationLevel(isolationLevel);
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return delegate.validate(depth);
    }

    @Override
    public Connection unwrap() {
        return delegate;
    }
}
