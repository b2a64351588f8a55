package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.workforce.quality.QualityProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Automatic QA: the HTTP speech-recognition adapter and the analysis, with the thresholds from {@code cc.workforce.quality}. */
@Configuration(proxyBeanMethods = false)
class AutoQaConfiguration {

    @Bean
    HttpSpeechRecognizer httpSpeechRecognizer(
            DatabaseClient db, PersonalDataCipher cipher, QualityProperties properties) {
        return new HttpSpeechRecognizer(db, cipher, 16 * 1024 * 1024, Duration.ofMinutes(2));
    }

    @Bean
    AutoQa autoQa(
            DatabaseClient db, ObjectStorage storage, HttpSpeechRecognizer recognizer, QualityProperties properties) {
        return new AutoQa(
                db,
                storage,
                recognizer,
                new RecordingSignals.Thresholds(properties.speechDbfs(), properties.holdSeconds()),
                properties.maxRecordingBytes());
    }
}
