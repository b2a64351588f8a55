package cn.hotline.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * A trivial stand-in for a platform service, run by {@link PlatformTest} as {@code java -jar}: answers {@code
 * /actuator/health} with UP and {@code /env} with the variables it was given. When a file {@code <its jar>.fail} exists
 * it exits at once instead, as a service with a broken configuration would.
 */
public final class StandInService {

    private StandInService() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(StandInService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (Files.exists(jar.resolveSibling(jar.getFileName() + ".fail"))) {
            System.out.println("stand-in: failing on purpose");
            System.exit(3);
        }
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/actuator/health", exchange -> reply(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/env", exchange -> {
            StringBuilder body = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((key, value) -> {
                if (key.startsWith("CC_") || key.equals("SERVER_PORT")) {
                    body.append(key).append('=').append(value).append('\n');
                }
            });
            reply(exchange, body.toString());
        });
        server.start();
        System.out.println("stand-in listening on " + port);
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
