package cn.hotline.tenant.federation;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.Permission;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The tenant admin's federation API and the account sync API (R-TEN-4). Both check access first (another tenant's
 * path is 404, a missing permission 403) and validate the body after, so nothing about a foreign tenant leaks
 * through a validation error.
 *
 * <p>Sync needs {@code directory.write} and {@code roles.assign} (the built-in {@code TENANT_ADMIN}) and a tenant-wide
 * caller. Not {@code CITY_PLATFORM}: that client is the city 12345 platform's ticket exchange, and letting it write
 * accounts and roles would let a ticket integration mint tenant admins. The identity platform's adapter therefore
 * calls with a tenant admin's token.
 */
@RestController
final class FederationController {

    private final Access access;
    private final TenantFederation federation;
    private final DirectorySync sync;

    FederationController(Access access, TenantFederation federation, DirectorySync sync) {
        this.access = access;
        this.federation = federation;
        this.sync = sync;
    }

    record SettingsRequest(
            @Nullable String issuer,
            @Nullable String clientId,
            @Nullable String clientSecret,
            @Nullable List<String> scopes,
            @Nullable String displayName) {}

    record SyncRequest(@Nullable List<Object> users) {}

    @GetMapping("/tenants/{tenant}/federation")
    Mono<FederationView> get(@PathVariable String tenant) {
        return access.require(tenant, Permission.CLIENTS_MANAGE)
                .flatMap(grant -> federation.view(TenantId.of(grant.tenant())))
                .switchIfEmpty(Mono.error(() ->
                        new ProblemException(ProblemCode.NOT_FOUND, "This tenant signs in locally: no federation.")));
    }

    @PutMapping("/tenants/{tenant}/federation")
    Mono<FederationView> put(@PathVariable String tenant, @RequestBody SettingsRequest request) {
        return access.require(tenant, Permission.CLIENTS_MANAGE).flatMap(grant -> {
            FederationSettings settings;
            try {
                settings = new FederationSettings(
                        request.issuer(),
                        request.clientId(),
                        request.clientSecret(),
                        request.scopes(),
                        request.displayName());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
            }
            return federation.configure(TenantId.of(grant.tenant()), settings, grant.actor());
        });
    }

    @DeleteMapping("/tenants/{tenant}/federation")
    Mono<ResponseEntity<Void>> delete(@PathVariable String tenant) {
        return access.require(tenant, Permission.CLIENTS_MANAGE)
                .flatMap(grant -> federation.remove(TenantId.of(grant.tenant()), grant.actor()))
                .flatMap(removed -> removed
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No federation to remove.")));
    }

    @PutMapping("/tenants/{tenant}/directory/sync")
    Mono<SyncReport> sync(@PathVariable String tenant, @RequestBody SyncRequest request) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(grant -> access.require(tenant, Permission.ROLES_ASSIGN))
                .flatMap(grant -> {
                    if (!grant.tenantWide()) {
                        return Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN, "Only a tenant-wide administrator may sync accounts."));
                    }
                    List<Object> users = request.users();
                    if (users == null || users.isEmpty() || users.size() > DirectorySync.MAX_ROWS) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "users must hold 1-" + DirectorySync.MAX_ROWS + " rows",
                                Map.of("field", "users")));
                    }
                    TenantId id = TenantId.of(grant.tenant());
                    return federation
                            .issuer(id)
                            .switchIfEmpty(Mono.error(() -> new ProblemException(
                                    ProblemCode.CONFLICT,
                                    "Configure the tenant's federation (PUT /tenants/" + grant.tenant()
                                            + "/federation) before syncing accounts: links are kept per issuer.")))
                            .flatMap(issuer -> sync.sync(id, issuer, DirectorySync.parse(users), grant.actor()));
                });
    }
}
