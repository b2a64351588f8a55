package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;

/** A tenant slug taken from a path: one that cannot be a tenant is simply not found (404), like an unknown one. */
public final class TenantPaths {

    private TenantPaths() {}

    public static TenantId tenantId(String tenant) {
        try {
            return TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            throw notFound(tenant);
        }
    }

    public static ProblemException notFound(String tenant) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No tenant '" + tenant + "'.");
    }
}
