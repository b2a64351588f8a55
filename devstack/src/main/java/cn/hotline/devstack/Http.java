package cn.hotline.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Health checks over HTTP; never through a proxy, since every server is on loopback. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private Http() {}

    static HttpClient client() {
        return CLIENT;
    }

    /** A client for HTTPS that trusts what {@code tls} trusts (the run's own CA). */
    static HttpClient trusting(javax.net.ssl.SSLContext tls) {
        return HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .sslContext(tls)
                .build();
    }

    /** The response, or empty when nothing answers yet. */
    static Optional<HttpResponse<String>> get(URI uri) {
        return get(uri, CLIENT);
    }

    static Optional<HttpResponse<String>> get(URI uri, HttpClient client) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
