package cn.hotline.media.janus;

import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MediaServerException.Reason;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Janus's AudioBridge plugin as a mixer of plain-RTP participants (over Janus's HTTP transport). One {@link Mixer} is
 * one Janus session with a control handle; each participant is its own handle. Janus 1.1.2 does not latch on the
 * source of a plain-RTP participant's packets: the address it sends the mix to is fixed at {@code join}.
 */
public final class AudioBridge {

    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<Object> ANY = new ParameterizedTypeReference<>() {};
    private static final Duration KEEPALIVE = Duration.ofSeconds(25);

    /** Packets queued per participant before it is mixed, unless the caller chooses: see {@code MediaProperties.Janus}. */
    public static final int DEFAULT_PREBUFFERING = 2;

    private final WebClient http;
    private final String base;
    private final int prebuffering;

    public AudioBridge(WebClient http, URI base) {
        this(http, base, DEFAULT_PREBUFFERING);
    }

    /** {@code prebuffering}: AudioBridge's {@code default_prebuffering} for every room this client creates (1-10). */
    public AudioBridge(WebClient http, URI base, int prebuffering) {
        if (prebuffering < 1 || prebuffering > 10) {
            throw new IllegalArgumentException("prebuffering must be 1-10 packets: " + prebuffering);
        }
        this.prebuffering = prebuffering;
        this.http = http;
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** A plain-RTP participant: Janus receives its audio at {@code port} and sends the room's mix to the join address. */
    public record Participant(long room, long handle, long id, String ip, int port) {}

    /** Opens a Janus session with an AudioBridge control handle, kept alive until {@link Mixer#close()}. */
    public Mono<Mixer> open() {
        return post("", Map.of("janus", "create"))
                .map(reply -> id(reply, "session"))
                .flatMap(session -> post("/" + session, Map.of("janus", "attach", "plugin", "janus.plugin.audiobridge"))
                        .map(reply -> new Mixer(session, id(reply, "handle"))));
    }

    /** One Janus session: rooms created through it are destroyed by {@link #close()}. */
    public final class Mixer {
        private final long session;
        private final long control;
        private final List<Long> rooms = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Disposable keepalive;

        private Mixer(long session, long control) {
            this.session = session;
            this.control = control;
            this.keepalive = Flux.interval(KEEPALIVE)
                    .concatMap(tick ->
                            post("/" + session, Map.of("janus", "keepalive")).onErrorResume(error -> Mono.empty()))
                    .subscribe();
        }

        /**
         * A room at {@code samplingRate} Hz that accepts plain-RTP participants, each mixed once this client's
         * prebuffering of packets is queued.
         */
        public Mono<Long> createRoom(int samplingRate) {
            long room = ThreadLocalRandom.current().nextLong(1, 1L << 52);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request", "create");
            body.put("room", room);
            body.put("sampling_rate", samplingRate);
            body.put("allow_rtp_participants", true);
            body.put("audiolevel_event", false);
            body.put("default_prebuffering", prebuffering);
            return request(control, body).map(data -> {
                expect(data, "created");
                rooms.add(room);
                return room;
            });
        }

        /**
         * Joins a plain-RTP participant (G.711: {@code pcma} or {@code pcmu}) that sends to Janus and gets the mix of
         * everyone else in the room at {@code ip:port}; muted participants are heard by nobody.
         */
        public Mono<Participant> joinPlainRtp(
                long room, String display, String ip, int port, String codec, int payloadType, boolean muted) {
            return post("/" + session, Map.of("janus", "attach", "plugin", "janus.plugin.audiobridge"))
                    .map(reply -> id(reply, "handle"))
                    .flatMap(handle -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("request", "join");
                        body.put("room", room);
                        body.put("display", display);
                        body.put("codec", codec);
                        body.put("muted", muted);
                        body.put("rtp", Map.of("ip", ip, "port", port, "payload_type", payloadType));
                        return message(handle, body).then(joined(handle, room, 0));
                    });
        }

        /** Mutes or unmutes a participant for everyone in its room. */
        public Mono<Void> mute(Participant participant, boolean muted) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request", muted ? "mute" : "unmute");
            body.put("room", participant.room());
            body.put("id", participant.id());
            return request(control, body)
                    .doOnNext(data -> expect(data, "success"))
                    .then();
        }

        /** Takes a participant out of its room (AudioBridge {@code kick}, synchronous): it is no longer mixed. */
        public Mono<Void> kick(Participant participant) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request", "kick");
            body.put("room", participant.room());
            body.put("id", participant.id());
            return request(control, body)
                    .doOnNext(data -> expect(data, "success"))
                    .then();
        }

        /** Destroys the rooms and the session (its handles go with it). */
        public Mono<Void> close() {
            keepalive.dispose();
            return Flux.fromIterable(rooms)
                    .concatMap(room -> request(control, Map.of("request", "destroy", "room", room))
                            .onErrorResume(error -> Mono.empty()))
                    .then(post("/" + session, Map.of("janus", "destroy")).onErrorResume(error -> Mono.empty()))
                    .then();
        }

        /** Long-polls the session until the join of {@code handle} is confirmed (joins of a mixer are serialized). */
        private Mono<Participant> joined(long handle, long room, int attempt) {
            if (attempt >= 20) {
                return Mono.error(
                        new MediaServerException(Reason.UNREACHABLE, "Janus did not confirm the AudioBridge join"));
            }
            return http.get()
                    .uri(base + "/" + session + "?maxev=10&rid="
                            + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
                    .retrieve()
                    .bodyToMono(ANY)
                    .timeout(Duration.ofSeconds(40))
                    .flatMap(events -> {
                        List<?> list = events instanceof List<?> many ? many : List.of(events);
                        for (Object event : list) {
                            if (event instanceof Map<?, ?> map
                                    && map.get("sender") instanceof Number sender
                                    && sender.longValue() == handle
                                    && data(map) instanceof Map<?, ?> data) {
                                if (data.get("error") != null) {
                                    return Mono.error(new MediaServerException(
                                            Reason.UNACCEPTABLE_SDP,
                                            "AudioBridge refused the join: " + data.get("error")));
                                }
                                if ("joined".equals(data.get("audiobridge"))
                                        && data.get("rtp") instanceof Map<?, ?> rtp
                                        && data.get("id") instanceof Number id
                                        && rtp.get("port") instanceof Number port) {
                                    return Mono.just(new Participant(
                                            room,
                                            handle,
                                            id.longValue(),
                                            String.valueOf(rtp.get("ip")),
                                            port.intValue()));
                                }
                            }
                        }
                        return Mono.empty();
                    })
                    .switchIfEmpty(Mono.defer(() -> joined(handle, room, attempt + 1)));
        }

        private Mono<Map<String, Object>> message(long handle, Map<String, Object> body) {
            return post("/" + session + "/" + handle, Map.of("janus", "message", "body", body));
        }

        /** A synchronous plugin request: the reply carries the plugin's data. */
        private Mono<Map<?, ?>> request(long handle, Map<String, Object> body) {
            return message(handle, body).map(reply -> {
                if (data(reply) instanceof Map<?, ?> data) {
                    if (data.get("error") != null) {
                        throw new MediaServerException(
                                Reason.UNACCEPTABLE_SDP,
                                "AudioBridge " + body.get("request") + ": " + data.get("error"));
                    }
                    return data;
                }
                throw new MediaServerException(Reason.UNREACHABLE, "Janus answered " + reply);
            });
        }
    }

    private Mono<Map<String, Object>> post(String path, Map<String, Object> body) {
        Map<String, Object> full = new LinkedHashMap<>(body);
        full.put("transaction", Long.toHexString(ThreadLocalRandom.current().nextLong()));
        return http.post()
                .uri(base + path)
                .bodyValue(full)
                .retrieve()
                .bodyToMono(OBJECT)
                .timeout(Duration.ofSeconds(5))
                .onErrorMap(
                        error -> !(error instanceof MediaServerException),
                        error -> new MediaServerException(Reason.UNREACHABLE, "Janus: " + error.getMessage(), error))
                .map(reply -> {
                    if ("error".equals(reply.get("janus"))) {
                        throw new MediaServerException(Reason.UNREACHABLE, "Janus: " + reply.get("error"));
                    }
                    return reply;
                });
    }

    private static @Nullable Object data(Map<?, ?> reply) {
        return reply.get("plugindata") instanceof Map<?, ?> plugin ? plugin.get("data") : null;
    }

    private static void expect(Map<?, ?> data, String answer) {
        if (!answer.equals(data.get("audiobridge"))) {
            throw new MediaServerException(Reason.UNACCEPTABLE_SDP, "AudioBridge answered " + data);
        }
    }

    private static long id(Map<String, Object> reply, String what) {
        if (reply.get("data") instanceof Map<?, ?> data && data.get("id") instanceof Number id) {
            return id.longValue();
        }
        throw new MediaServerException(Reason.UNREACHABLE, "Janus gave no " + what + " id: " + reply);
    }
}
