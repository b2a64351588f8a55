package cn.hotline.kernel.tenancy.r2dbc;

/**
 * A statement was issued where no tenant is bound to the transaction. Outside such a transaction a
 * statement may land on another pooled connection and silently see nothing through row-level
 * security; the guard makes that mistake loud instead.
 */
public final class TenantGuardViolation extends IllegalStateException {

    TenantGuardViolation(String message) {
        super(message);
    }
}
