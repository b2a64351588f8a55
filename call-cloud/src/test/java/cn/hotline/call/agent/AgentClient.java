package cn.hotline.call.agent;

import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A simulated agent console: a real Reactor Netty WebSocket client on {@code /ws/agent}. */
public final class AgentClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Queue<JsonNode> received = new ConcurrentLinkedQueue<>();
    private final Queue<JsonNode> offers = new ConcurrentLinkedQueue<>();
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<Void> connected = Sinks.one();
    private final Disposable session;

    private AgentClient(URI uri, @Nullable String token) {
        HttpClient client = HttpClient.create();
        if (token != null) {
            client = client.headers(headers -> headers.set("Authorization", "Bearer " + token));
        }
        session = client.websocket()
                .uri(uri)
                .handle((in, out) -> {
                    connected.tryEmitEmpty();
                    Mono<Void> reading = in.receive()
                            .asString()
                            .map(JSON::readTree)
                            .doOnNext(message -> ("offer"
                                                    .equals(message.get("type").stringValue())
                                            ? offers
                                            : received)
                                    .add(message))
                            .then();
                    return out.sendString(outbound.asFlux()).then().and(reading);
                })
                .doOnError(connected::tryEmitError)
                .subscribe();
    }

    /** Connects and waits for the handshake; fails with the handshake's error. */
    public static AgentClient connect(URI uri, @Nullable String token) {
        AgentClient client = new AgentClient(uri, token);
        client.connected.asMono().block(Duration.ofSeconds(20));
        return client;
    }

    public void send(String json) {
        outbound.tryEmitNext(json).orThrow();
    }

    /** The next message of {@code type}, skipping others; fails after {@code timeout}. */
    public JsonNode next(String type, Duration timeout) throws TimeoutException, InterruptedException {
        Queue<JsonNode> queue = "offer".equals(type) ? offers : received;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = queue.poll();
            if (message == null) {
                Thread.sleep(10);
            } else if (type.equals(message.get("type").stringValue())) {
                return message;
            }
        }
        throw new TimeoutException("no " + type + " message within " + timeout);
    }

    public JsonNode next(String type) throws TimeoutException, InterruptedException {
        return next(type, Duration.ofSeconds(20));
    }

    /** Whether a message of {@code type} arrives within {@code wait} (consuming messages up to it). */
    public boolean receives(String type, Duration wait) throws InterruptedException {
        try {
            next(type, wait);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /**
     * Sends {@code json} with a fresh {@code requestId} and returns the reply carrying it (a state or an error),
     * skipping state changes the server pushed meanwhile (offers are kept for {@code next("offer")}).
     */
    public JsonNode request(String json) throws TimeoutException, InterruptedException {
        String requestId = java.util.UUID.randomUUID().toString();
        boolean object;
        try {
            object = JSON.readTree(json).isObject();
        } catch (tools.jackson.core.JacksonException e) {
            object = false;
        }
        if (object) {
            tools.jackson.databind.node.ObjectNode command =
                    (tools.jackson.databind.node.ObjectNode) JSON.readTree(json);
            command.put("requestId", requestId);
            send(JSON.writeValueAsString(command));
        } else {
            send(json); // not a JSON object: the server cannot echo an id; its error is the next error message
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll();
            if (message == null) {
                Thread.sleep(10);
            } else if (!object && "error".equals(message.get("type").stringValue())) {
                return message;
            } else if (message.has("requestId")
                    && requestId.equals(message.get("requestId").stringValue())) {
                return message;
            } // else: a pushed change, or the rest of an earlier command's reply (answer: answered, then state)
        }
        throw new TimeoutException("no reply to " + json);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        session.dispose();
    }
}
