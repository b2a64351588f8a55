package cn.hotline.media.storage;

import cn.hotline.kernel.diagnostics.DiagnosticCheck;
import cn.hotline.kernel.diagnostics.DiagnosticResult;
import cn.hotline.kernel.id.Uuids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Puts an object, fetches it back through a presigned link over plain HTTP, and deletes it. */
public final class StorageCheck implements DiagnosticCheck {

    private final ObjectStorage storage;
    private final WebClient http;
    private final String bucket;

    public StorageCheck(ObjectStorage storage, WebClient http, String bucket) {
        this.storage = storage;
        this.http = http;
        this.bucket = bucket;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Mono<DiagnosticResult> run() {
        String key = "diagnostics/" + Uuids.v7() + ".txt";
        String body = "录音存储自检 " + Uuids.v7();
        return storage.ensureBucket(bucket)
                .then(storage.put(bucket, key, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8"))
                .then(storage.presignedGet(bucket, key, Duration.ofMinutes(1)))
                .flatMap(link -> http.get()
                        .uri(link)
                        .retrieve()
                        .bodyToMono(byte[].class)
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)))
                .map(read -> body.equals(read)
                        ? DiagnosticResult.up(name(), "put and presigned get answered", Map.of("bucket", bucket))
                        : DiagnosticResult.down(name(), "presigned get returned other content"))
                .flatMap(result -> storage.delete(bucket, key).thenReturn(result));
    }
}
