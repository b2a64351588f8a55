package cn.hotline.call.recording;

import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.media.storage.ObjectStorage;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;

/** Wires the recording archive (S3 through media's {@link ObjectStorage}) to call-cloud's audit table and index. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingProperties.class)
class RecordingConfiguration {

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

    /** Uploads recordings left in the spool (the store was down) every {@code retry-every}. */
    @Bean(destroyMethod = "dispose")
    Disposable recordingSpoolRetry(RecordingArchive archive, RecordingProperties properties) {
        return archive.retryEvery(properties.retryEvery());
    }

    @Bean
    CallRecordings callRecordings(RecordingArchive archive, DatabaseClient db, TransactionalOperator tx) {
        return new CallRecordings(archive, db, tx, Clock.systemUTC());
    }
}
