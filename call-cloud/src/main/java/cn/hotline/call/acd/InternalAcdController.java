package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/acd/tenants/{tenant}/commands}: runs a command another instance forwarded, on this instance's
 * writer of the tenant (never forwarded again: if this instance no longer holds the lease the answer is {@code 503
 * SERVICE_UNAVAILABLE} and the sender looks up the holder anew). The kernel's chain requires {@code X-Internal-Token}.
 */
@RestController
class InternalAcdController {

    private final AcdManagement acd;
    private final AcdWire wire;

    InternalAcdController(AcdManagement acd) {
        this.acd = acd;
        this.wire = acd.wire();
    }

    @PostMapping(
            path = "/internal/acd/tenants/{tenant}/commands",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> run(@PathVariable String tenant, @RequestBody String body) {
        TenantId id = TenantId.of(tenant);
        AcdCommand command;
        try {
            command = wire.command(body);
        } catch (RuntimeException e) {
            return Mono.error(new cn.hotline.kernel.problem.ProblemException(
                    cn.hotline.kernel.problem.ProblemCode.VALIDATION_FAILED, "Not an ACD command: " + e.getMessage()));
        }
        return acd.runHere(id, command)
                .map(AcdWire.Reply::of)
                .defaultIfEmpty(AcdWire.Reply.of(null))
                .map(wire::write);
    }
}
