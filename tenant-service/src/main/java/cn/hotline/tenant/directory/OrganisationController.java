package cn.hotline.tenant.directory;

import java.util.List;
import java.util.UUID;
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

/**
 * Tenant API for departments, groups, seats, skill groups, agent skills and numbers. A workstation caller's rows
 * are created in its workstation whatever the body says; a tenant-wide caller may name a workstation.
 */
@RestController
final class OrganisationController {

    private final Access access;
    private final Organisation organisation;

    OrganisationController(Access access, Organisation organisation) {
        this.access = access;
        this.organisation = organisation;
    }

    record NewDepartment(@Nullable String name, @Nullable UUID parentId, @Nullable String scopeUnit) {}

    record NewGroup(@Nullable String name, @Nullable List<UUID> memberIds, @Nullable String scopeUnit) {}

    record NewSeat(@Nullable String seatNo, @Nullable UUID userId, @Nullable String scopeUnit) {}

    record NewSkillGroup(@Nullable String code, @Nullable String name, @Nullable String scopeUnit) {}

    record SkillLevel(@Nullable Integer level) {}

    record NewNumber(@Nullable String number, @Nullable String purpose, @Nullable String scopeUnit) {}

    private static @Nullable String scope(Access.Grant grant, @Nullable String requested) {
        if (!grant.tenantWide()) {
            return grant.scopeUnit();
        }
        if (requested != null && !Scopes.belongsTo(Scopes.requireValid(requested), grant.tenant())) {
            throw new IllegalArgumentException("scope '" + requested + "' is not part of tenant " + grant.tenant());
        }
        return requested;
    }

    @PostMapping("/tenants/{tenant}/departments")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation.Department> addDepartment(@PathVariable String tenant, @RequestBody NewDepartment body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(g -> Requests.valid(() -> scopeOrBlank(g, body.scopeUnit()))
                        .flatMap(s -> Mono.defer(() -> organisation.addDepartment(
                                g.context(), tenant, String.valueOf(body.name()), body.parentId(), nullIfBlank(s))))
                        .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/departments")
    Flux<Organisation.Department> departments(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ)
                .flatMapMany(g -> organisation.departments(g.context()));
    }

    @PostMapping("/tenants/{tenant}/groups")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation.Group> addGroup(@PathVariable String tenant, @RequestBody NewGroup body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(g -> Requests.valid(() -> scopeOrBlank(g, body.scopeUnit()))
                        .flatMap(s -> Mono.defer(() -> organisation.addGroup(
                                g.context(),
                                tenant,
                                String.valueOf(body.name()),
                                body.memberIds() == null ? List.of() : body.memberIds(),
                                nullIfBlank(s))))
                        .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/groups")
    Flux<Organisation.Group> groups(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(g -> organisation.groups(g.context()));
    }

    @PostMapping("/tenants/{tenant}/seats")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation.Seat> addSeat(@PathVariable String tenant, @RequestBody NewSeat body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(g -> Requests.valid(() -> scopeOrBlank(g, body.scopeUnit()))
                        .flatMap(s -> Mono.defer(() -> organisation.addSeat(
                                g.context(), tenant, String.valueOf(body.seatNo()), body.userId(), nullIfBlank(s))))
                        .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/seats")
    Flux<Organisation.Seat> seats(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(g -> organisation.seats(g.context()));
    }

    @PostMapping("/tenants/{tenant}/skill-groups")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation.SkillGroup> addSkillGroup(@PathVariable String tenant, @RequestBody NewSkillGroup body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE).flatMap(g -> Requests.valid(
                        () -> scopeOrBlank(g, body.scopeUnit()))
                .flatMap(s -> Mono.defer(() -> organisation.addSkillGroup(
                        g.context(), tenant, String.valueOf(body.code()), String.valueOf(body.name()), nullIfBlank(s))))
                .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/skill-groups")
    Flux<Organisation.SkillGroup> skillGroups(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ)
                .flatMapMany(g -> organisation.skillGroups(g.context()));
    }

    @PutMapping("/tenants/{tenant}/users/{userId}/skills/{skillGroupId}")
    Mono<Organisation.AgentSkill> setSkill(
            @PathVariable String tenant,
            @PathVariable String userId,
            @PathVariable String skillGroupId,
            @RequestBody SkillLevel body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE).flatMap(g -> Requests.id(userId, "user")
                .zipWith(Requests.id(skillGroupId, "skill group"))
                .flatMap(ids -> Mono.defer(() -> organisation.setSkill(
                        g.context(), tenant, ids.getT1(), ids.getT2(), body.level() == null ? 0 : body.level())))
                .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/users/{userId}/skills")
    Flux<Organisation.AgentSkill> skills(@PathVariable String tenant, @PathVariable String userId) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(g -> Requests.id(userId, "user")
                .flatMapMany(id -> organisation.skillsOf(g.context(), id)));
    }

    @PostMapping("/tenants/{tenant}/numbers")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation.PhoneNumber> addNumber(@PathVariable String tenant, @RequestBody NewNumber body) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(g -> Requests.valid(() -> scopeOrBlank(g, body.scopeUnit()))
                        .flatMap(s -> Mono.defer(() -> organisation.addNumber(
                                g.context(),
                                tenant,
                                String.valueOf(body.number()),
                                String.valueOf(body.purpose()),
                                nullIfBlank(s))))
                        .onErrorMap(IllegalArgumentException.class, Requests::invalid));
    }

    @GetMapping("/tenants/{tenant}/numbers")
    Flux<Organisation.PhoneNumber> numbers(@PathVariable String tenant) {
        return access.require(tenant, Permission.DIRECTORY_READ).flatMapMany(g -> organisation.numbers(g.context()));
    }

    /** Mono.just refuses null: the empty string stands for "no scope" between the two steps. */
    private static String scopeOrBlank(Access.Grant grant, @Nullable String requested) {
        String scope = scope(grant, requested);
        return scope == null ? "" : scope;
    }

    private static @Nullable String nullIfBlank(String s) {
        return s.isEmpty() ? null : s;
    }
}
