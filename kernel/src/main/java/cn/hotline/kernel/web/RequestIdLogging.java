package cn.hotline.kernel.web;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;

/** Copies the request id from the Reactor Context into the SLF4J MDC on every thread hop. */
final class RequestIdLogging {

    static final String MDC_KEY = "requestId";
    private static volatile boolean installed;

    private RequestIdLogging() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(
                        MDC_KEY, () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
        Hooks.enableAutomaticContextPropagation();
        installed = true;
    }
}
