package cn.hotline.media;

import cn.hotline.kernel.diagnostics.DiagnosticCheck;
import cn.hotline.media.janus.JanusCheck;
import cn.hotline.media.janus.JanusClient;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.media.storage.StorageCheck;
import io.minio.MinioAsyncClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** Storage and media-server clients, and their live diagnostics, for a service that uses media. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(MediaProperties.class)
public class MediaAutoConfiguration {

    @Bean
    ObjectStorage objectStorage(MediaProperties properties) {
        MediaProperties.Storage storage = properties.storage();
        return new ObjectStorage(MinioAsyncClient.builder()
                .endpoint(storage.endpoint().toString())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                .build());
    }

    @Bean
    JanusClient janusClient(MediaProperties properties) {
        return new JanusClient(WebClient.create(), properties.janus().url());
    }

    @Bean
    DiagnosticCheck storageCheck(ObjectStorage storage, MediaProperties properties) {
        return new StorageCheck(
                storage, WebClient.create(), properties.storage().diagnosticsBucket());
    }

    @Bean
    DiagnosticCheck janusCheck(JanusClient janus) {
        return new JanusCheck(janus);
    }
}
