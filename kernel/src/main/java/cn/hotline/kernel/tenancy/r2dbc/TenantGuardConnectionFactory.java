package cn.hotline.kernel.tenancy.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;

/**
 * Wraps a {@link ConnectionFactory} so that every transaction is bound to the tenant found in the
 * subscriber's Reactor Context and nothing runs outside such a transaction.
 *
 * <p>When a transaction begins, the guard runs {@code set_config('app.tenant_id', tenant, true)}
 * and {@code set_config('app.scope_unit', workstation, true)} on the same connection, so the
 * settings live exactly as long as the transaction; row-level-security policies read them with
 * {@code current_setting('app.tenant_id', true)}. A statement outside a transaction, or inside one
 * that began with no tenant context, fails with {@link TenantGuardViolation}. Platform work (a
 * {@code TenantContext.Platform}) may run statements but is bound to no tenant, so policies show it
 * no tenant rows.
 *
 * <p>Use it through a transaction that begins inside the tenant's context:
 * {@code Tenancy.runAs(tenant, transactionalOperator.transactional(work))}.
 */
public final class TenantGuardConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private final ConnectionFactory delegate;

    private TenantGuardConnectionFactory(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    /** Guards {@code factory}; a factory that is already guarded is returned as it is. */
    public static ConnectionFactory guard(ConnectionFactory factory) {
        return factory instanceof TenantGuardConnectionFactory ? factory : new TenantGuardConnectionFactory(factory);
    }

    @Override
    public Mono<Connection> create() {
        return Mono.from(delegate.create()).map(GuardedConnection::new);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }
}
