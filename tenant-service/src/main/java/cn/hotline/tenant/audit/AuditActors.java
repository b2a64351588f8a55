package cn.hotline.tenant.audit;

import cn.hotline.kernel.security.Callers;
import reactor.core.publisher.Mono;

/**
 * Who an audit entry names as actor: {@code operator:<subject>} for the platform operator, {@code user:<subject>} for
 * a tenant's user or API client (the chain already names the tenant), {@code system:<component>} for the service's
 * own work.
 */
public final class AuditActors {

    private AuditActors() {}

    /** The authenticated caller of the current request; {@code anonymous} where there is none. */
    public static Mono<String> current() {
        return Callers.current()
                .map(caller -> (caller.isPlatform() ? "operator:" : "user:") + caller.subject())
                .defaultIfEmpty("anonymous");
    }

    /** The actor of work the service does by itself. */
    public static String system(String component) {
        return "system:" + component;
    }
}
