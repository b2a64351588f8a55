package cn.hotline.gateway.security;

import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.SecurityProblems;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Who is signed in, for the console ({@code GET /api/me}).
 *
 * @param tenant the caller's tenant ({@code platform} for the operator)
 * @param subject the user id (or client id)
 * @param scopeUnit the workstation or handling unit the caller is narrowed to
 * @param roles role codes
 * @param name display name
 */
record Me(String tenant, String subject, @Nullable String scopeUnit, List<String> roles, @Nullable String name) {

    Me {
        roles = List.copyOf(roles);
    }

    static Me of(Caller caller) {
        return new Me(
                caller.tenant().value(),
                caller.subject(),
                caller.scope().map(Object::toString).orElse(null),
                caller.roles().stream().map(Role::name).sorted().toList(),
                caller.name());
    }

    static Mono<Me> current() {
        return Callers.current()
                .map(Me::of)
                .switchIfEmpty(Mono.error(() -> SecurityProblems.unauthenticated("Sign in first.")));
    }
}
