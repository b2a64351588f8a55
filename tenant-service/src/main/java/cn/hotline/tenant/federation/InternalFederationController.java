package cn.hotline.tenant.federation;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.directory.AuthenticationResult;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/federated-authentication {tenant, issuer, subject}} for auth-server after an upstream login:
 * answered like {@code /internal/authentication} — 200 claims, 404 {@code NOT_FOUND} (no active linked account, or
 * the tenant is not active or not federated with that issuer), 423 {@code ACCOUNT_LOCKED} with {@code
 * retryAfterSeconds}. The kernel's security chain checks {@code X-Internal-Token}.
 */
@RestController
final class InternalFederationController {

    private final FederatedSignIn signIn;

    InternalFederationController(FederatedSignIn signIn) {
        this.signIn = signIn;
    }

    record FederatedLogin(@Nullable String tenant, @Nullable String issuer, @Nullable String subject) {}

    record Claims(UUID userId, String tenant, @Nullable String scopeUnit, List<String> roles, String displayName) {}

    @PostMapping("/internal/federated-authentication")
    Mono<Claims> authenticate(@RequestBody FederatedLogin login) {
        if (login.tenant() == null || login.issuer() == null || login.subject() == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.VALIDATION_FAILED, "tenant, issuer and subject are required"));
        }
        return signIn.authenticate(login.tenant(), login.issuer(), login.subject())
                .flatMap(result -> switch (result) {
                    case AuthenticationResult.Authenticated a ->
                        Mono.just(new Claims(a.userId(), a.tenant(), a.scopeUnit(), a.roles(), a.displayName()));
                    case AuthenticationResult.Locked l ->
                        Mono.error(new ProblemException(
                                ProblemCode.ACCOUNT_LOCKED,
                                "The account is locked for a while.",
                                Map.of(
                                        "retryAfterSeconds",
                                        Math.max(1, l.retryAfter().toSeconds()))));
                    default ->
                        Mono.error(new ProblemException(
                                ProblemCode.NOT_FOUND, "No active account is linked to this upstream subject."));
                });
    }
}
