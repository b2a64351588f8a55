package cn.hotline.call.session;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /tenants/{t}/callbacks/{id}/release}: a supervisor (or tenant admin) gives a kept callback up — the
 * caller who chose, at the wait limit, to keep its place in the queue. Its call leaves the queue and its task goes on
 * the must-call-back list, open and due at once, for anyone to claim. 404 {@code NOT_FOUND} when the tenant has no
 * such task; 409 {@code CONFLICT} when the task is no kept callback waiting in the queue (an agent has it already,
 * or it is an ordinary task).
 */
@RestController
class KeptCallbackController {

    private final KeptCallbacks kept;

    KeptCallbackController(KeptCallbacks kept) {
        this.kept = kept;
    }

    @PostMapping("/tenants/{tenant}/callbacks/{id}/release")
    Mono<Map<String, Object>> release(@PathVariable String tenant, @PathVariable String id) {
        UUID task = task(id);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .flatMap(t -> kept.releaseTask(t, task))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(released -> released
                        ? Mono.just(Map.<String, Object>of("id", task.toString(), "status", "OPEN"))
                        : Mono.error(new ProblemException(
                                ProblemCode.CONFLICT,
                                "Callback task " + id + " is no kept callback waiting in the queue.")));
    }

    private static UUID task(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No callback task " + id + ".");
    }
}
