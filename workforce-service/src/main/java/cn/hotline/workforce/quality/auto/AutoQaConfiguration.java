package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.workforce.quality.QualityProperties;
import cn.hotline.workforce.quality.QualityTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Automatic QA and playback: the HTTP speech-recognition adapter, the recording audit table, media's recording archive
 * (read only here) and the analysis, with the thresholds from {@code cc.workforce.quality}.
 */
@Configuration(proxyBeanMethods = false)
class AutoQaConfiguration {

    @Bean
    HttpSpeechRecognizer httpSpeechRecognizer(DatabaseClient db, PersonalDataCipher cipher) {
        return new HttpSpeechRecognizer(db, cipher, 16 * 1024 * 1024, Duration.ofMinutes(2));
    }

    @Bean
    RecordingAuditTable recordingAuditTable(DatabaseClient db) {
        return new RecordingAuditTable(db);
    }

    /** Used here only to find recordings and hand out audited links; this service never archives. */
    @Bean
    RecordingArchive recordingArchive(ObjectStorage storage, RecordingAuditTable audit, QualityProperties properties) {
        return new RecordingArchive(
                storage, audit, properties.spoolDir(), Clock.systemUTC(), RecordingArchive.Settings.defaults());
    }

    @Bean
    AutoQa autoQa(
            DatabaseClient db,
            QualityTransactions transactions,
            RecordingArchive archive,
            HttpSpeechRecognizer recognizer,
            QualityProperties properties) {
        return new AutoQa(
                db,
                transactions,
                archive,
                recognizer,
                new RecordingSignals.Thresholds(properties.speechDbfs(), properties.holdSeconds()),
                properties.maxRecordingBytes());
    }

    @Bean
    AutoQaOnRecording autoQaOnRecording(
            DatabaseClient db,
            QualityTransactions tx,
            AutoQa autoQa,
            QualityProperties properties,
            MeterRegistry meters) {
        return new AutoQaOnRecording(db, tx, autoQa, Objects.requireNonNull(properties.autoRunAttempts()), meters);
    }
}
