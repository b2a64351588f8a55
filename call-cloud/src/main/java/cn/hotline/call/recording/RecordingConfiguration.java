package cn.hotline.call.recording;

import cn.hotline.call.history.HistoryProperties;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.media.storage.ObjectStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Wires the recording archive (S3 through media's {@link ObjectStorage}) to call-cloud's audit table and index. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingProperties.class)
class RecordingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RecordingConfiguration.class);

    @Bean
    RecordingAuditLog recordingAuditLog(DatabaseClient db, TransactionalOperator tx) {
        return new RecordingAuditLog(db, tx);
    }

    @Bean
    RecordingArchive recordingArchive(ObjectStorage storage, RecordingAuditLog audit, RecordingProperties properties) {
        return new RecordingArchive(
                storage,
                audit,
                properties.spoolDir(),
                Clock.systemUTC(),
                new RecordingArchive.Settings(
                        properties.retention(), properties.linkValidity(), properties.bucketPrefix()));
    }

    /**
     * Uploads recordings left in the spool (the store was down) every {@code retry-every}; each one uploaded is marked
     * in the index, so its {@code CallRecorded} goes out.
     */
    @Bean(destroyMethod = "dispose")
    Disposable recordingSpoolRetry(
            RecordingArchive archive, CallRecordings recordings, RecordingProperties properties) {
        Duration every = Objects.requireNonNull(properties.retryEvery());
        return Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> archive.retrySpooled()
                        .concatMap(stored -> recordings
                                .uploaded(stored)
                                .onErrorResume(error -> {
                                    log.warn(
                                            "spooled recording {} uploaded but not indexed: {}",
                                            stored.key(),
                                            error.toString());
                                    return Mono.empty();
                                })
                                .thenReturn(stored))
                        .count())
                .subscribe(
                        uploaded -> {
                            if (uploaded > 0) {
                                log.info("uploaded {} spooled recordings", uploaded);
                            }
                        },
                        error -> log.error("spool retry stopped", error));
    }

    @Bean(destroyMethod = "close")
    CallRecordedRelay callRecordedRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            ObjectProvider<PulsarClient> pulsar,
            HistoryProperties history) {
        return new CallRecordedRelay(
                db,
                tx,
                pulsar.getObject(),
                Objects.requireNonNull(history.topicPattern()),
                Boolean.TRUE.equals(history.eventsEnabled()),
                Clock.systemUTC());
    }

    @Bean
    CallRecordings callRecordings(RecordingArchive archive, DatabaseClient db, TransactionalOperator tx) {
        return new CallRecordings(archive, db, tx, Clock.systemUTC());
    }
}
