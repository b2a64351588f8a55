package cn.hotline.ticket.attachment;

import cn.hotline.media.storage.ObjectStorage;
import io.minio.MinioAsyncClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The media module's S3 adapter ({@link ObjectStorage}) on {@code cc.ticket.attachments.storage}; the media
 * auto-configuration itself (Janus, rtpengine) is excluded in application.yml: ticket-service stores files only.
 */
@Configuration(proxyBeanMethods = false)
class AttachmentConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObjectStorage objectStorage(AttachmentProperties properties) {
        AttachmentProperties.Storage storage = properties.storage();
        return new ObjectStorage(MinioAsyncClient.builder()
                .endpoint(storage.endpoint().toString())
                .region(storage.region())
                .credentials(storage.accessKey(), storage.secretKey())
                .build());
    }
}
