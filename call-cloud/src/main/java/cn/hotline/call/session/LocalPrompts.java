package cn.hotline.call.session;

import cn.hotline.media.port.Prompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tenant prompts are presigned links into object storage, but the local media server (rtpengine) plays local files
 * only: links are fetched once into a cache directory (keyed by bucket and object, without the signature) and
 * played from there. A cached file is fetched again after {@code maxAge}, so a re-uploaded prompt is heard within it.
 */
final class LocalPrompts {

    private record Cached(Path file, long fetchedAtNanos) {}

    private final Path dir;
    private final Duration maxAge;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    LocalPrompts(Path dir, Duration maxAge) {
        this.dir = dir;
        this.maxAge = maxAge;
    }

    Mono<Prompt> local(Prompt prompt) {
        return switch (prompt) {
            case Prompt.File file -> file(file.location()).map(Prompt.File::new);
            case Prompt.Music music -> file(music.location()).map(Prompt.Music::new);
            case Prompt.Sequence sequence ->
                Flux.fromIterable(sequence.files())
                        .concatMap(file -> file(file.location()).map(Prompt.File::new))
                        .collectList()
                        .map(Prompt.Sequence::new);
        };
    }

    private Mono<URI> file(URI location) {
        String scheme = location.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return Mono.just(location);
        }
        String key = location.getScheme() + "://" + location.getAuthority() + location.getPath();
        Cached cached = cache.get(key);
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < maxAge.toNanos()) {
            return Mono.just(cached.file().toUri());
        }
        return Mono.fromCallable(() -> {
                    Files.createDirectories(dir);
                    return Files.createTempFile(dir, "fetch-", ".part");
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(part -> Mono.fromFuture(() -> http.sendAsync(
                                HttpRequest.newBuilder(location)
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofFile(part)))
                        .flatMap(response -> Mono.fromCallable(() -> {
                                    if (response.statusCode() != 200) {
                                        Files.deleteIfExists(part);
                                        throw new IllegalStateException(
                                                "prompt fetch answered " + response.statusCode() + " for " + key);
                                    }
                                    Path target = dir.resolve(hash(key) + extension(location.getPath()));
                                    Files.move(
                                            part,
                                            target,
                                            StandardCopyOption.REPLACE_EXISTING,
                                            StandardCopyOption.ATOMIC_MOVE);
                                    cache.put(key, new Cached(target, System.nanoTime()));
                                    return target.toUri();
                                })
                                .subscribeOn(Schedulers.boundedElastic())));
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 && path.length() - dot <= 5 ? path.substring(dot) : ".wav";
    }

    private static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
