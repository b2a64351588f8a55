package cn.hotline.kernel.security;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;

/** Reads the authenticated {@link Caller} of the current request from the Reactor Context. */
public final class Callers {

    private Callers() {}

    /** The current caller; empty where the request is not authenticated with an access token. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .filter(CallerAuthentication.class::isInstance)
                .map(authentication -> ((CallerAuthentication) authentication).caller());
    }
}
