package cn.hotline.ticket.city;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;

/** Helpers for the city exchange's tests: signing, counting rows past row-level security, Pulsar namespaces. */
final class CityTestSupport {

    private CityTestSupport() {}

    static String newTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** Standard Webhooks headers for {@code body}, signed now with {@code secrets}. */
    static void sign(HttpHeaders headers, String id, String body, List<WebhookSecret> secrets) {
        sign(headers, id, Instant.now().getEpochSecond(), body, secrets);
    }

    static void sign(HttpHeaders headers, String id, long timestamp, String body, List<WebhookSecret> secrets) {
        headers.set(WebhookSignatures.ID, id);
        headers.set(WebhookSignatures.TIMESTAMP, Long.toString(timestamp));
        headers.set(
                WebhookSignatures.SIGNATURE,
                WebhookSignatures.sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8), secrets));
    }

    /** A count in cc_ticket as the superuser, who is not subject to row-level security. */
    static long count(String sql, Object... args) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_ticket"), stack.pgSuperuser(), stack.pgSuperpassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant's Pulsar tenant and {@code city} namespace, as tenant-service's provisioning makes them. */
    static void pulsarNamespace(String tenant) {
        URI admin = TestStack.endpoints().pulsarAdminUrl();
        HttpClient http = HttpClient.newHttpClient();
        try {
            put(http, admin.resolve("/admin/v2/tenants/" + tenant), "{\"allowedClusters\":[\"standalone\"]}");
            put(http, admin.resolve("/admin/v2/namespaces/" + tenant + "/city"), "{}");
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Pulsar namespace of " + tenant, e);
        }
    }

    private static void put(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
