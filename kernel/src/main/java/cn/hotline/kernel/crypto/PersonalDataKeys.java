package cn.hotline.kernel.crypto;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's master keys: SM4 keys by version (new values are sealed with {@code current}; old
 * versions stay to open older values until they are re-sealed) and the key of the blind index, which
 * has no versions because rotating it means re-indexing. Per-tenant keys are derived from these.
 *
 * @param current version used by {@code seal}
 * @param sealing 16-byte SM4 master keys by version (1..255)
 * @param index key of the blind index, at least 32 bytes
 */
public record PersonalDataKeys(int current, Map<Integer, byte[]> sealing, byte[] index) {

    public PersonalDataKeys {
        sealing = Map.copyOf(new TreeMap<>(sealing));
        if (!sealing.containsKey(current)) {
            throw new IllegalArgumentException("no sealing key for the current version " + current);
        }
        sealing.forEach((version, key) -> {
            if (version < 1 || version > 255) {
                throw new IllegalArgumentException("key versions are 1..255, not " + version);
            }
            if (key.length != 16) {
                throw new IllegalArgumentException("SM4 keys are 16 bytes; version " + version + " has " + key.length);
            }
        });
        if (index.length < 32) {
            throw new IllegalArgumentException("the blind-index key needs at least 32 bytes, not " + index.length);
        }
        index = index.clone();
    }

    /** From Base64 text, as configuration holds them. */
    public static PersonalDataKeys fromBase64(int current, Map<Integer, String> sealing, String index) {
        Map<Integer, byte[]> keys = new TreeMap<>();
        sealing.forEach((version, text) -> keys.put(version, Base64.getDecoder().decode(text.strip())));
        return new PersonalDataKeys(current, keys, Base64.getDecoder().decode(index.strip()));
    }

    @Override
    public byte[] index() {
        return index.clone();
    }

    @Override
    public String toString() {
        return "PersonalDataKeys[current=" + current + ", versions=" + sealing.keySet() + "]";
    }
}
