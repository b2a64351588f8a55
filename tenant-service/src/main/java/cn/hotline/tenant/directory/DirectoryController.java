package cn.hotline.tenant.directory;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenant API for users, roles and the city platform's API client: {@code /tenants/{tenant}/...}. */
@RestController
final class DirectoryController {

    private final Access access;
    private final UserAccounts users;
    private final Roles roles;
    private final ApiClients clients;

    DirectoryController(Access access, UserAccounts users, Roles roles, ApiClients clients) {
        this.access = access;
        this.users = users;
        this.roles = roles;
        this.clients = clients;
    }

    record CreateUser(
            @Nullable String username,
            @Nullable String displayName,
            @Nullable String password,
            @Nullable String scopeUnit,
            @Nullable List<String> roles,
            @Nullable String phone) {}

    record RoleAssignment(@Nullable List<String> roles) {}

    record StatusChange(@Nullable String status) {}

    record CreateRole(@Nullable String code, @Nullable String name, @Nullable List<String> permissions) {}

    record CreateClient(@Nullable String clientId) {}

    @PostMapping("/tenants/{tenant}/users")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UserView> createUser(@PathVariable String tenant, @RequestBody CreateUser body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE).flatMap(grant -> Requests.valid(() -> new NewUser(
                        body.username(),
                        body.displayName(),
                        body.password(),
                        // a workstation admin creates users of its own workstation
                        body.scopeUnit() != null ? body.scopeUnit() : grant.scopeUnit(),
                        body.roles() == null ? List.of() : body.roles(),
                        body.phone()))
                .flatMap(user -> users.create(grant.context(), tenant, user, grant.actor())));
    }

    @GetMapping("/tenants/{tenant}/users")
    Flux<UserView> listUsers(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(grant -> users.list(grant.context()));
    }

    @GetMapping("/tenants/{tenant}/users/{id}")
    Mono<UserView> getUser(@PathVariable String tenant, @PathVariable String id) {
        return access.require(tenant, Permission.DIRECTORY_READ)
                .flatMap(grant -> Requests.id(id, "user").flatMap(uuid -> users.get(grant.context(), uuid)))
                .switchIfEmpty(Requests.notFound("user"));
    }

    @PutMapping("/tenants/{tenant}/users/{id}/roles")
    Mono<UserView> assignRoles(@PathVariable String tenant, @PathVariable String id, @RequestBody RoleAssignment body) {
        return access.require(tenant, Permission.ROLES_ASSIGN)
                .flatMap(grant -> Requests.id(id, "user")
                        .flatMap(uuid -> users.assignRoles(
                                grant.context(),
                                tenant,
                                uuid,
                                body.roles() == null ? List.of() : body.roles(),
                                grant.actor())))
                .switchIfEmpty(Requests.notFound("user"));
    }

    @PutMapping("/tenants/{tenant}/users/{id}/status")
    Mono<UserView> setStatus(@PathVariable String tenant, @PathVariable String id, @RequestBody StatusChange body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(grant -> Requests.id(id, "user")
                        .flatMap(uuid -> users.setStatus(
                                grant.context(), tenant, uuid, String.valueOf(body.status()), grant.actor())))
                .switchIfEmpty(Requests.notFound("user"));
    }

    @GetMapping("/tenants/{tenant}/roles")
    Flux<TenantRole> listRoles(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(grant -> roles.list(grant.context()));
    }

    @PostMapping("/tenants/{tenant}/roles")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TenantRole> createRole(@PathVariable String tenant, @RequestBody CreateRole body) {
        return access.require(tenant, Permission.ROLES_ASSIGN).flatMap(grant -> Requests.valid(() -> new TenantRole(
                        body.code(),
                        body.name(),
                        Set.copyOf((body.permissions() == null ? List.<String>of() : body.permissions())
                                .stream().map(Permission::fromCode).toList()),
                        false))
                .flatMap(role -> roles.createCustom(grant.context(), tenant, role)));
    }

    /** Creates the city platform's client or rotates its secret; the secret is in this answer only. */
    @PostMapping("/tenants/{tenant}/clients")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ApiClients.IssuedSecret> issueClientSecret(@PathVariable String tenant, @RequestBody CreateClient body) {
        return access.require(tenant, Permission.CLIENTS_MANAGE)
                .flatMap(grant -> clients.issueSecret(
                        grant.context(),
                        tenant,
                        body.clientId() == null ? tenant + "-city-platform" : body.clientId(),
                        grant.actor()));
    }
}
