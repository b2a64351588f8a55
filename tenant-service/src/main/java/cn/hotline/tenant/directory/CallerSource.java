package cn.hotline.tenant.directory;

import reactor.core.publisher.Mono;

/** Where the tenant APIs learn who calls: the kernel's token validation (adapted by the bean that implements this). */
public interface CallerSource {

    /** The verified caller; an error {@code AUTHENTICATION_REQUIRED} when the request carries none. */
    Mono<DirectoryCaller> current();
}
