package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/tenants/{tenant}/skill-groups/{code}/members} (the kernel's security chain checks
 * {@code X-Internal-Token}, like every {@code /internal} path): the active users of a skill group with their level, so
 * other services can address its members (workforce-service's announcements to a skill group). An unknown tenant or
 * group is 404; a group without active members answers an empty list.
 */
@RestController
final class InternalSkillGroupController {

    private final Organisation organisation;

    InternalSkillGroupController(Organisation organisation) {
        this.organisation = organisation;
    }

    record Members(String group, String name, List<Organisation.SkillGroupMember> members) {}

    @GetMapping("/internal/tenants/{tenant}/skill-groups/{code}/members")
    Mono<Members> members(@PathVariable String tenant, @PathVariable String code) {
        TenantContext context;
        try {
            context = TenantContext.of(TenantId.of(tenant));
        } catch (IllegalArgumentException e) {
            return notFound();
        }
        return organisation
                .skillGroupByCode(context, code)
                .flatMap(group -> organisation
                        .skillGroupMembers(context, code)
                        .collectList()
                        .map(members -> new Members(group.code(), group.name(), members)))
                .switchIfEmpty(notFound());
    }

    private static <T> Mono<T> notFound() {
        return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such skill group."));
    }
}
