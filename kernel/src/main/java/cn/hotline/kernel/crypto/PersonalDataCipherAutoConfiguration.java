package cn.hotline.kernel.crypto;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A {@link PersonalDataCipher} for every service that configures {@code cc.crypto.personal-data.index-key}. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "cc.crypto.personal-data", name = "index-key")
@EnableConfigurationProperties(PersonalDataProperties.class)
public class PersonalDataCipherAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PersonalDataCipher personalDataCipher(PersonalDataProperties properties) {
        return new Sm4PersonalDataCipher(properties.keys());
    }
}
