package cn.hotline.media;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.diagnostics.DiagnosticResult;
import cn.hotline.media.janus.JanusCheck;
import cn.hotline.media.janus.JanusClient;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.media.storage.StorageCheck;
import io.minio.MinioAsyncClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Storage and media-server clients against the real S3 server and Janus of the test stack. */
class MediaServersIT {

    private static ObjectStorage storage;
    private static JanusClient janus;

    @BeforeAll
    static void connect() {
        StackEndpoints stack = TestStack.endpoints();
        storage = new ObjectStorage(MinioAsyncClient.builder()
                .endpoint(stack.s3Endpoint().toString())
                .region(stack.s3Region())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build());
        janus = new JanusClient(WebClient.create(), stack.janusUrl());
    }

    @Test
    void presignedLinkServesWhatWasPutAndExpiresWithTheObject() {
        storage.ensureBucket("media-it").block();
        storage.put("media-it", "a/录音.txt", "你好".getBytes(StandardCharsets.UTF_8), "text/plain")
                .block();
        URI link = storage.presignedGet("media-it", "a/录音.txt", Duration.ofMinutes(1))
                .block();

        String body = WebClient.create()
                .get()
                .uri(link)
                .retrieve()
                .bodyToMono(String.class)
                .block();
        assertThat(body).isEqualTo("你好");
        assertThat(link.getQuery()).contains("X-Amz-Signature");

        storage.delete("media-it", "a/录音.txt").block();
        assertThat(WebClient.create()
                        .get()
                        .uri(link)
                        .retrieve()
                        .bodyToMono(String.class)
                        .onErrorResume(
                                WebClientResponseException.NotFound.class,
                                e -> reactor.core.publisher.Mono.just("gone"))
                        .block())
                .isEqualTo("gone");
    }

    @Test
    void storageCheckIsUpAgainstTheRealStore() {
        DiagnosticResult result = new StorageCheck(storage, WebClient.create(), "media-diagnostics")
                .run()
                .block();

        assertThat(result.status()).isEqualTo(DiagnosticResult.Status.UP);
    }

    @Test
    void janusReportsItselfWithThePluginsWeNeed() {
        JanusClient.ServerInfo info = janus.info().block();
        assertThat(info.janus()).isEqualTo("server_info");
        assertThat(info.plugins()).containsKeys("janus.plugin.nosip", "janus.plugin.audiobridge");

        assertThat(new JanusCheck(janus).run().block().status()).isEqualTo(DiagnosticResult.Status.UP);
    }
}
