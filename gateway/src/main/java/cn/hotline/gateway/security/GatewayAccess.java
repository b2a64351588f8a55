package cn.hotline.gateway.security;

import cn.hotline.kernel.security.CallerAuthentication;
import cn.hotline.kernel.security.SecurityProblems;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/** The gateway's access rules that are not plain roles. */
final class GatewayAccess {

    private GatewayAccess() {}

    /** Any caller with an access token (bearer or session). */
    static Mono<AuthorizationResult> anyCaller(Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .filter(CallerAuthentication.class::isInstance)
                .<AuthorizationResult>map(a -> new AuthorizationDecision(true))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    /** Paths the gateway never routes ({@code /api/*}{@code /internal/**}) and paths it does not know. */
    static Mono<AuthorizationResult> notFound(Mono<Authentication> authentication, AuthorizationContext context) {
        return Mono.error(SecurityProblems.notFound());
    }
}
