package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The internal API auth-server calls (ADR 0002 §3); the kernel's security chain checks {@code X-Internal-Token}. */
@RestController
final class InternalDirectoryController {

    private final SignIn signIn;
    private final ApiClients clients;
    private final TenantStatusLookup tenants;

    InternalDirectoryController(SignIn signIn, ApiClients clients, TenantStatusLookup tenants) {
        this.signIn = signIn;
        this.clients = clients;
        this.tenants = tenants;
    }

    record Credentials(@Nullable String tenant, @Nullable String username, @Nullable String password) {}

    record Claims(UUID userId, String tenant, @Nullable String scopeUnit, List<String> roles, String displayName) {}

    @PostMapping("/internal/authentication")
    Mono<Claims> authenticate(@RequestBody Credentials credentials) {
        if (credentials.tenant() == null || credentials.username() == null || credentials.password() == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.VALIDATION_FAILED, "tenant, username and password are required"));
        }
        return signIn.authenticate(credentials.tenant(), credentials.username(), credentials.password())
                .flatMap(result -> switch (result) {
                    case AuthenticationResult.Authenticated a ->
                        Mono.just(new Claims(a.userId(), a.tenant(), a.scopeUnit(), a.roles(), a.displayName()));
                    case AuthenticationResult.BadCredentials b ->
                        Mono.error(new ProblemException(ProblemCode.BAD_CREDENTIALS, "Wrong username or password."));
                    case AuthenticationResult.Locked l ->
                        Mono.error(new ProblemException(
                                ProblemCode.ACCOUNT_LOCKED,
                                "Too many failed sign-ins: the account is locked for a while.",
                                Map.of(
                                        "retryAfterSeconds",
                                        Math.max(1, l.retryAfter().toSeconds()))));
                    case AuthenticationResult.UnknownTenant u ->
                        Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such active tenant."));
                });
    }

    @GetMapping("/internal/tenants/{tenant}/clients/{clientId}")
    Mono<ApiClients.ClientRegistration> client(@PathVariable String tenant, @PathVariable String clientId) {
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            return notFound();
        }
        return tenants.isActive(tenant)
                .flatMap(active -> active ? clients.find(id, clientId) : Mono.empty())
                .switchIfEmpty(notFound());
    }

    private static <T> Mono<T> notFound() {
        return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such client of an active tenant."));
    }
}
