package cn.hotline.media.rtpengine;

import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MediaServerException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The ng control protocol: commands over UDP ({@code cookie SP bencoded-dictionary}, retransmitted with the same
 * cookie, which rtpengine answers from its cache), notifications (DTMF) over a TCP connection that every client keeps
 * open. Blocking sockets stay on two daemon threads and {@link Schedulers#boundedElastic()}.
 */
final class NgClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NgClient.class);

    private final InetSocketAddress udpTarget;
    private final InetSocketAddress tcpTarget;
    private final Duration attemptTimeout;
    private final int attempts;
    private final DatagramSocket udp;
    private final Map<String, Sinks.One<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final Sinks.Many<Map<String, Object>> notifications =
            Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Boolean> tcpStates = Sinks.many().replay().latest();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Socket tcp;

    private NgClient(URI ngUrl, URI ngTcpUrl, Duration attemptTimeout, int attempts) {
        this.udpTarget = new InetSocketAddress(ngUrl.getHost(), ngUrl.getPort());
        this.tcpTarget = new InetSocketAddress(ngTcpUrl.getHost(), ngTcpUrl.getPort());
        this.attemptTimeout = attemptTimeout;
        this.attempts = attempts;
        try {
            this.udp = new DatagramSocket(new InetSocketAddress(
                    udpTarget.getAddress().isLoopbackAddress() ? udpTarget.getAddress() : null, 0));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open the ng UDP socket", e);
        }
    }

    /** Opens the sockets and starts the two reader threads. */
    static NgClient open(URI ngUrl, URI ngTcpUrl, Duration attemptTimeout, int attempts) {
        NgClient client = new NgClient(ngUrl, ngTcpUrl, attemptTimeout, attempts);
        Thread.ofPlatform().daemon().name("rtpengine-ng-udp").start(client::readReplies);
        Thread.ofPlatform().daemon().name("rtpengine-ng-tcp").start(client::readNotifications);
        return client;
    }

    /**
     * Sends one command; the reply's {@code result} must be {@code ok} (or {@code pong}), else the Mono fails with
     * {@link MediaServerException}: {@code UNREACHABLE} when no reply came after every attempt.
     */
    Mono<Map<String, Object>> command(Map<String, Object> message) {
        return Mono.defer(() -> {
            String cookie = HexFormat.of().formatHex(randomBytes());
            byte[] body = Bencode.encode(message);
            byte[] packet = new byte[cookie.length() + 1 + body.length];
            System.arraycopy(cookie.getBytes(StandardCharsets.US_ASCII), 0, packet, 0, cookie.length());
            packet[cookie.length()] = ' ';
            System.arraycopy(body, 0, packet, cookie.length() + 1, body.length);
            Sinks.One<Map<String, Object>> reply = Sinks.one();
            pending.put(cookie, reply);
            Mono<Map<String, Object>> attempt = Mono.fromRunnable(() -> send(packet))
                    .subscribeOn(Schedulers.boundedElastic())
                    .then(reply.asMono().timeout(attemptTimeout));
            return attempt.retryWhen(
                            Retry.max(attempts - 1L).filter(java.util.concurrent.TimeoutException.class::isInstance))
                    .onErrorMap(
                            error -> !(error instanceof MediaServerException),
                            error -> new MediaServerException(
                                    Reason.UNREACHABLE,
                                    "rtpengine at " + udpTarget + " did not answer '" + message.get("command") + "'",
                                    error))
                    .doFinally(signal -> pending.remove(cookie))
                    .flatMap(answer -> checked(message, answer));
        });
    }

    private static Mono<Map<String, Object>> checked(Map<String, Object> message, Map<String, Object> answer) {
        Object result = answer.get("result");
        if ("ok".equals(result) || "pong".equals(result)) {
            return Mono.just(answer);
        }
        String reason = String.valueOf(answer.getOrDefault("error-reason", result));
        Reason kind = reason.contains("Unknown call")
                        || reason.contains("Unknown monologue")
                        || reason.contains("not found")
                ? Reason.UNKNOWN_LEG
                : reason.contains("SDP") || reason.contains("sdp") ? Reason.UNACCEPTABLE_SDP : Reason.UNSUPPORTED;
        return Mono.error(
                new MediaServerException(kind, "rtpengine refused '" + message.get("command") + "': " + reason));
    }

    /** Notifications ({@code notify}, {@code data}) as they arrive over TCP. */
    Flux<Map<String, Object>> notifications() {
        return notifications.asFlux();
    }

    /** Whether the TCP notification channel is connected, the latest state first. */
    Flux<Boolean> notificationChannel() {
        return tcpStates.asFlux();
    }

    private void send(byte[] packet) {
        try {
            udp.send(new DatagramPacket(packet, packet.length, udpTarget));
        } catch (IOException e) {
            throw new MediaServerException(Reason.UNREACHABLE, "cannot send to rtpengine at " + udpTarget, e);
        }
    }

    private void readReplies() {
        byte[] buffer = new byte[65_535];
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("rtpengine ng UDP socket failed: {}", e.toString());
                }
                return;
            }
            dispatchReply(buffer, packet.getLength());
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatchReply(byte[] buffer, int length) {
        int space = indexOfSpace(buffer, 0, length);
        if (space < 0) {
            return;
        }
        String cookie = new String(buffer, 0, space, StandardCharsets.US_ASCII);
        Sinks.One<Map<String, Object>> reply = pending.get(cookie);
        if (reply == null) {
            return; // a late duplicate of an answered retransmission
        }
        try {
            byte[] body = new byte[length - space - 1];
            System.arraycopy(buffer, space + 1, body, 0, body.length);
            reply.tryEmitValue((Map<String, Object>) Bencode.decode(body));
        } catch (RuntimeException e) {
            reply.tryEmitError(new MediaServerException(Reason.UNREACHABLE, "unreadable rtpengine reply", e));
        }
    }

    private void readNotifications() {
        while (!closed.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(tcpTarget, 1_000);
                tcp = socket;
                tcpStates.tryEmitNext(true);
                readStream(socket.getInputStream());
            } catch (IOException e) {
                log.debug("rtpengine ng TCP channel: {}", e.toString());
            } finally {
                tcp = null;
            }
            if (closed.get()) {
                return;
            }
            tcpStates.tryEmitNext(false);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void readStream(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        while (true) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                return;
            }
            filled += read;
            int start = 0;
            while (true) {
                int space = indexOfSpace(buffer, start, filled);
                if (space < 0) {
                    break;
                }
                Bencode.Decoded decoded = Bencode.decodePrefix(buffer, space + 1, filled);
                if (decoded == null) {
                    break;
                }
                if (decoded.value() instanceof Map<?, ?> message && message.containsKey("notify")) {
                    notifications.tryEmitNext((Map<String, Object>) message);
                }
                start = decoded.end();
            }
            System.arraycopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            if (filled == buffer.length) {
                throw new IOException("ng TCP message larger than " + buffer.length + " bytes");
            }
        }
    }

    private static int indexOfSpace(byte[] buffer, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            udp.close();
            Socket socket = tcp;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            notifications.tryEmitComplete();
            tcpStates.tryEmitComplete();
        }
    }
}
