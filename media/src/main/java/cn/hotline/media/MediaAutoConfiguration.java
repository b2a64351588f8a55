package cn.hotline.media;

import cn.hotline.kernel.diagnostics.DiagnosticCheck;
import cn.hotline.media.janus.AudioBridge;
import cn.hotline.media.janus.JanusCheck;
import cn.hotline.media.janus.JanusClient;
import cn.hotline.media.kurento.KurentoMediaServer;
import cn.hotline.media.kurento.KurentoProperties;
import cn.hotline.media.rtpengine.RtpengineMediaServer;
import cn.hotline.media.rtpengine.RtpengineProperties;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.media.storage.StorageCheck;
import cn.hotline.media.turn.TurnCredentials;
import cn.hotline.media.turn.TurnProperties;
import io.minio.MinioAsyncClient;
import java.time.Clock;
import org.kurento.client.KurentoClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

    /** The rtpengine adapter of the {@code MediaServer} port, when {@code cc.media.rtpengine.ng-url} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "cc.media.rtpengine", name = "ng-url")
    @EnableConfigurationProperties(RtpengineProperties.class)
    static class Rtpengine {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(cn.hotline.media.port.MediaServer.class)
        RtpengineMediaServer rtpengineMediaServer(
                RtpengineProperties properties, MediaProperties media, ObjectProvider<Clock> clock) {
            // Janus's AudioBridge is the mixer for whisper, barge and three-way calls (ADR 0005).
            return RtpengineMediaServer.connect(
                    properties,
                    clock.getIfAvailable(Clock::systemUTC),
                    new AudioBridge(
                            WebClient.create(),
                            media.janus().url(),
                            media.janus().mixerPrebuffering()));
        }
    }

    /** Short-lived TURN credentials for agents, when {@code cc.media.turn.secret} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "cc.media.turn", name = "secret")
    @EnableConfigurationProperties(TurnProperties.class)
    static class Turn {

        @Bean
        TurnCredentials turnCredentials(TurnProperties properties, ObjectProvider<Clock> clock) {
            return new TurnCredentials(properties, clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /**
     * The Kurento adapter, when {@code cc.media.kurento.url} is set (the deployment). Set either this or
     * {@code cc.media.rtpengine.ng-url}, not both.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "cc.media.kurento", name = "url")
    @EnableConfigurationProperties(KurentoProperties.class)
    static class Kurento {

        @Bean(destroyMethod = "close")
        KurentoMediaServer kurentoMediaServer(KurentoProperties properties, ObjectProvider<Clock> clock) {
            return new KurentoMediaServer(
                    KurentoClient.create(properties.url().toString()),
                    properties.recordingDir(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
