package cn.hotline.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The client side of the benchmark: Reactor Netty over keep-alive connections, one per benchmark thread, so that
 * {@code N} threads keep exactly {@code N} requests in flight.
 */
final class LoadClient implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionProvider connections;
    private final HttpClient http;
    private final String url;

    LoadClient(String url, int concurrency) {
        this.url = url;
        this.connections = ConnectionProvider.builder("benchmark-client")
                .maxConnections(concurrency)
                .pendingAcquireMaxCount(-1)
                .build();
        this.http = HttpClient.create(connections).keepAlive(true);
    }

    /** One GET; returns the body's length, fails unless the answer is 200. */
    int get() {
        Answer answer = send();
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().length();
    }

    /** One GET with everything the caller may want to check once. */
    Answer send() {
        Answer answer = http.get()
                .uri(url)
                .responseSingle((response, body) -> body.asString()
                        .defaultIfEmpty("")
                        .map(text -> new Answer(
                                response.status().code(),
                                response.responseHeaders().get("X-Request-Id"),
                                text)))
                .block(REQUEST_TIMEOUT);
        if (answer == null) {
            throw new IllegalStateException("GET " + url + " gave no answer");
        }
        return answer;
    }

    /** Keeps {@code threads} requests in flight for {@code duration} (no measurement: warming up). */
    void load(int threads, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("warm-up-" + i).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        get();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        RuntimeException first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    record Answer(int status, @Nullable String requestId, String body) {}

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
    }
}
