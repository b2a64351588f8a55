package cn.hotline.call.agent;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.SecurityProblems;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /ws/**}, which call-cloud lists in {@code cc.security.open-paths} because the kernel's chain answers
 * every path outside {@code /tenants/**} and {@code /platform/**} with 404. The kernel's chain still validates a
 * bearer token that comes along (a bad one is refused with 401 there); this filter, which runs after it, refuses the
 * handshake when no token came (401 {@code UNAUTHENTICATED}) or the caller is not an agent of a tenant (403 {@code
 * FORBIDDEN}), and hands the caller to the socket as the exchange attribute {@link #CALLER}.
 */
public final class AgentSocketGate implements WebFilter {

    /** The exchange attribute holding the authenticated {@link Caller}. */
    public static final String CALLER = AgentSocketGate.class.getName() + ".caller";

    /** The supervisors' socket (wallboard, seat monitor); every other {@code /ws/} path is the agents'. */
    public static final String SUPERVISOR_PATH = "/ws/supervisor";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/ws/")) {
            return chain.filter(exchange);
        }
        return Callers.current()
                .switchIfEmpty(Mono.error(() ->
                        SecurityProblems.unauthenticated("The agent socket needs the agent's access token (Bearer).")))
                .flatMap(caller -> {
                    if (SUPERVISOR_PATH.equals(path)) {
                        if (caller.isPlatform() || !(caller.has(Role.SUPERVISOR) || caller.has(Role.TENANT_ADMIN))) {
                            return Mono.error(new ProblemException(
                                    ProblemCode.FORBIDDEN, "Only a tenant's supervisors and admins use this socket."));
                        }
                    } else if (caller.isPlatform() || !caller.has(Role.AGENT)) {
                        return Mono.error(
                                new ProblemException(ProblemCode.FORBIDDEN, "Only a tenant's agents use this socket."));
                    }
                    exchange.getAttributes().put(CALLER, caller);
                    return chain.filter(exchange);
                });
    }
}
