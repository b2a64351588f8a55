package cn.hotline.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The client side of the benchmark: Reactor Netty over keep-alive connections, one per benchmark thread, so that
 * {@code N} threads keep exactly {@code N} requests in flight. With a bearer token, every request carries it in {@code
 * Authorization}. It counts the requests it sends, so a run can check what the servers behind saw.
 */
final class LoadClient implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionProvider connections;
    private final HttpClient http;
    private final String url;
    private final LongAdder sent = new LongAdder();

    LoadClient(String url, int concurrency) {
        this(url, concurrency, null);
    }

    LoadClient(String url, int concurrency, @Nullable String bearerToken) {
        this.url = url;
        this.connections = ConnectionProvider.builder("benchmark-client")
                .maxConnections(concurrency)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient client = HttpClient.create(connections).keepAlive(true);
        this.http = bearerToken == null
                ? client
                : client.headers(headers -> headers.set("Authorization", "Bearer " + bearerToken));
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
        sent.increment();
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

    /** How many requests were sent so far. */
    long sent() {
        return sent.sum();
    }

    record Answer(int status, @Nullable String requestId, String body) {}

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
    }
}
