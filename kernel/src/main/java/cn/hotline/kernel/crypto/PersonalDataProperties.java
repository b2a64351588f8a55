package cn.hotline.kernel.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cc.crypto.personal-data}: the master keys, Base64. In production they come from the secret
 * store through environment variables; nothing in the repository holds a production key.
 *
 * @param currentVersion the version new values are sealed with
 * @param sealingKeys 16-byte SM4 keys by version, Base64
 * @param indexKey blind-index key (≥ 32 bytes), Base64
 */
@ConfigurationProperties("cc.crypto.personal-data")
public record PersonalDataProperties(int currentVersion, Map<Integer, String> sealingKeys, String indexKey) {

    PersonalDataKeys keys() {
        return PersonalDataKeys.fromBase64(currentVersion, sealingKeys, indexKey);
    }
}
