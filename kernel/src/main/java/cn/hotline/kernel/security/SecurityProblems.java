package cn.hotline.kernel.security;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;

/**
 * Security failures as problems: they are raised as {@link ProblemException}s and rendered by the
 * kernel's one problem-detail handler, so they carry the request id like every other error.
 */
public final class SecurityProblems {

    private SecurityProblems() {}

    /** 401 {@code UNAUTHENTICATED}, with {@code WWW-Authenticate: Bearer}. */
    public static ServerAuthenticationEntryPoint bearerEntryPoint() {
        return (exchange, failure) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return Mono.error(unauthenticated(
                    "A valid access token from your tenant's issuer is required (missing, expired or not trusted)."));
        };
    }

    /** 403 {@code FORBIDDEN}. */
    public static ServerAccessDeniedHandler accessDenied() {
        return (exchange, denied) -> Mono.error(forbidden());
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(ProblemCode.UNAUTHENTICATED, detail);
    }

    public static ProblemException forbidden() {
        return new ProblemException(ProblemCode.FORBIDDEN, "Your roles do not allow this operation.");
    }

    /** 404: what a caller sees for another tenant's resources, so ids cannot be probed. */
    public static ProblemException notFound() {
        return new ProblemException(ProblemCode.NOT_FOUND, "No such resource.");
    }
}
