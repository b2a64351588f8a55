package cn.hotline.call.sip;

import cn.hotline.kernel.testing.TestTokens;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * tenant-service's {@code GET /internal/numbers/{number}} as call-cloud consumes it (the contract; the real endpoint
 * is tested in tenant-service's {@code InternalNumberIT}): numbers put here answer {@code {number, tenant, status}},
 * others 404; a request without the internal token gets 401. Counts the lookups, so caching shows.
 */
public final class TenantDirectoryStub implements AutoCloseable {

    public final Map<String, String> owners = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    private final DisposableServer server;
    /**
     * Its own event loops: closing an application context in the test JVM disposes Reactor Netty's shared ones, which
     * would stop a stub that outlives that context (tests with two call-cloud instances).
     */
    private final LoopResources loops = LoopResources.create("tenant-directory-stub", 1, true);

    public TenantDirectoryStub() {
        server = HttpServer.create()
                .runOn(loops)
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/internal/numbers/{number}", (request, response) -> {
                    lookups.incrementAndGet();
                    if (!TestTokens.INTERNAL_TOKEN.equals(
                            request.requestHeaders().get("X-Internal-Token"))) {
                        return response.status(401).send();
                    }
                    String number = String.valueOf(request.param("number"));
                    String tenant = owners.get(number);
                    if (tenant == null) {
                        return response.status(404)
                                .header("Content-Type", "application/problem+json")
                                .sendString(Mono.just("{\"code\":\"NOT_FOUND\"}"));
                    }
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"number\":\"" + number + "\",\"tenant\":\"" + tenant
                                    + "\",\"status\":\"ACTIVE\"}"));
                }))
                .bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
        loops.dispose();
    }
}
