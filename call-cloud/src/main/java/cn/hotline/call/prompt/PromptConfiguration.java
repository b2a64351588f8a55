package cn.hotline.call.prompt;

import cn.hotline.media.storage.ObjectStorage;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the prompt library: PostgreSQL metadata, the tenant's bucket, sox, and espeak-ng as text to speech. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PromptProperties.class)
class PromptConfiguration {

    @Bean
    TextToSpeech textToSpeech(PromptProperties properties) {
        return new EspeakTextToSpeech(properties.espeak(), properties.voice());
    }

    @Bean
    PromptLibrary promptLibrary(
            DatabaseClient db,
            ObjectStorage storage,
            TextToSpeech speech,
            ObjectProvider<PromptUsage> usages,
            PromptProperties properties) {
        // resolved at use: the IVR trees, which use the library, are also its usage (no start-up cycle)
        return create(db, storage, speech, () -> usages.orderedStream().toList(), properties);
    }

    /** Also for tests that build the library without Spring. */
    static PromptLibrary create(
            DatabaseClient db,
            ObjectStorage storage,
            TextToSpeech speech,
            Supplier<List<PromptUsage>> usages,
            PromptProperties properties) {
        AudioConversion conversion = new AudioConversion(properties.sox(), properties.format());
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        return new PromptLibrary(
                new PromptStore(db),
                tx,
                storage,
                conversion,
                speech,
                new SystemPrompts(speech, conversion, properties.cacheDir(), properties.sox()),
                usages,
                properties);
    }
}
