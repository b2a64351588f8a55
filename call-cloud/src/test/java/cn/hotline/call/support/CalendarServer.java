package cn.hotline.call.support;

import cn.hotline.kernel.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * Answers {@code GET /internal/tenants/{t}/calendar} the way tenant-service does (its {@code CalendarView} JSON:
 * weekday 09:00-12:00 and 13:30-17:30 in Asia/Shanghai, 国庆 2026-10-01 a holiday, 2026-10-10 a make-up day), and
 * only with the internal token. A stand-in for tenant-service so call-cloud's ITs need not build and start it; the
 * JSON shape is the contract, copied from tenant-service's README.
 */
public final class CalendarServer implements AutoCloseable {

    static final String CALENDAR =
            """
            {"zone": "Asia/Shanghai",
             "hours": {"MONDAY": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
                       "TUESDAY": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
                       "WEDNESDAY": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
                       "THURSDAY": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
                       "FRIDAY": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}]},
             "makeupDay": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}],
             "specialDays": [{"date": "2026-10-01", "kind": "HOLIDAY", "name": "国庆节"},
                             {"date": "2026-10-10", "kind": "WORKDAY", "name": "国庆节调休"}]}
            """;

    private final DisposableServer server;
    /**
     * Its own event loops: closing an application context in the test JVM disposes Reactor Netty's shared ones, which
     * would stop a stub that outlives that context (tests with two call-cloud instances).
     */
    private final LoopResources loops = LoopResources.create("calendar-stub", 1, true);

    public CalendarServer() {
        server = HttpServer.create()
                .runOn(loops)
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/internal/tenants/{tenant}/calendar", (request, response) -> {
                    if (!TestTokens.INTERNAL_TOKEN.equals(
                            request.requestHeaders().get("X-Internal-Token"))) {
                        return response.status(401).send();
                    }
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just(CALENDAR), StandardCharsets.UTF_8)
                            .then();
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
