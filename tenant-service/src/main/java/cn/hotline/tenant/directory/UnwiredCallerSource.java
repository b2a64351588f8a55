package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stand-in until the kernel's token validation (kernel security) is merged: no request is authenticated, so every
 * tenant API answers 401. Fails closed on purpose; replaced by the adapter over {@code Callers.current()}.
 */
@Component
final class UnwiredCallerSource implements CallerSource {

    @Override
    public Mono<DirectoryCaller> current() {
        return Mono.error(new ProblemException(
                ProblemCode.AUTHENTICATION_REQUIRED, "Sign in first: this request carries no verified token."));
    }
}
