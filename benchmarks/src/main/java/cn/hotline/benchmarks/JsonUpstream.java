package cn.hotline.benchmarks;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The service behind the gateway: a Spring WebFlux functional endpoint on Reactor Netty that answers {@code GET
 * /tenants/{id}} with a small JSON document written by Jackson on every request (about 200 bytes), like a real
 * service's read endpoint without the database.
 */
final class JsonUpstream implements AutoCloseable {

    /** What the endpoint returns. */
    record TenantSummary(String id, String name, String status, int seats, List<String> hotlines) {}

    private final DisposableServer server;

    private JsonUpstream(DisposableServer server) {
        this.server = server;
    }

    static JsonUpstream start() {
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/tenants/{id}", request -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new TenantSummary(
                                request.pathVariable("id"),
                                "蜀山区政务服务热线",
                                "ACTIVE",
                                120,
                                List.of("0551-12345", "0551-12393"))))
                .build();
        HttpHandler handler = RouterFunctions.toHttpHandler(routes, HandlerStrategies.withDefaults());
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        return new JsonUpstream(server);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
