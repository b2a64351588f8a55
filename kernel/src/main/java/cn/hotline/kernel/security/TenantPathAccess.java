package cn.hotline.kernel.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/** The one rule for {@code /tenants/{tenant}/**}, shared by every service's chain and the gateway's. */
public final class TenantPathAccess {

    private TenantPathAccess() {}

    /**
     * Authenticated callers of the path's tenant pass; the unauthenticated are refused (401); callers
     * of any other tenant, the operator included, get 404 as if the resource did not exist.
     */
    public static Mono<AuthorizationResult> ownTenant(
            Mono<Authentication> authentication, AuthorizationContext context) {
        Object tenant = context.getVariables().get("tenant");
        return authentication
                .filter(CallerAuthentication.class::isInstance)
                .map(a -> ((CallerAuthentication) a).caller())
                .<AuthorizationResult>flatMap(caller -> caller.tenant().value().equals(tenant)
                        ? Mono.just(new AuthorizationDecision(true))
                        : Mono.error(SecurityProblems.notFound()))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}
