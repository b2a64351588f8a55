package cn.hotline.media.kurento;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kurento Media Server listens (the deployment only; it cannot run on the build machines).
 *
 * @param url the KMS JSON-RPC WebSocket, {@code ws://kms:8888/kurento}
 * @param recordingDir where KMS writes recordings (a volume the recording uploader reads)
 */
@Validated
@ConfigurationProperties(prefix = "cc.media.kurento")
public record KurentoProperties(@NotNull URI url, @NotNull Path recordingDir) {

    public KurentoProperties {
        if (url == null || !("ws".equals(url.getScheme()) || "wss".equals(url.getScheme()))) {
            throw new IllegalArgumentException("cc.media.kurento.url must be a ws:// or wss:// URL: " + url);
        }
        if (recordingDir == null) {
            throw new IllegalArgumentException("cc.media.kurento.recording-dir is required");
        }
    }
}
