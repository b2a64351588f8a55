package cn.hotline.benchmarks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Benchmark-only personal-data keys for a service under measurement (the kernel's SM4 sealing key and blind-index
 * key), drawn fresh per run and handed to the service's JVM as the {@code CC_CRYPTO_PERSONALDATA_*} variables the
 * secret store supplies in production.
 */
public final class PersonalDataKeys {

    private PersonalDataKeys() {}

    /** The variables ticket-service and workforce-service refuse to start without. */
    public static Map<String, String> freshEnvironment() {
        SecureRandom random = new SecureRandom();
        byte[] sealing = new byte[16];
        byte[] index = new byte[32];
        random.nextBytes(sealing);
        random.nextBytes(index);
        return Map.of(
                "CC_CRYPTO_PERSONALDATA_CURRENTVERSION", "1",
                "CC_CRYPTO_PERSONALDATA_SEALINGKEYS_1", Base64.getEncoder().encodeToString(sealing),
                "CC_CRYPTO_PERSONALDATA_INDEXKEY", Base64.getEncoder().encodeToString(index));
    }
}
