package cn.hotline.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Sm4PersonalDataCipherTest {

    private static final TenantId SHUSHAN = TenantId.of("shushan");
    private static final TenantId NANNING = TenantId.of("nanning");
    private static final byte[] KEY_1 = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_2 = "fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX = "an index key of thirty-two bytes".getBytes(StandardCharsets.US_ASCII);

    private final PersonalDataCipher cipher =
            new Sm4PersonalDataCipher(new PersonalDataKeys(1, Map.of(1, KEY_1), INDEX));

    @Test
    void sealsAndOpensChineseTextForTheSameTenant() {
        byte[] sealed = cipher.seal(SHUSHAN, "张三，合肥市蜀山区");

        assertThat(cipher.open(SHUSHAN, sealed)).isEqualTo("张三，合肥市蜀山区");
        assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("张三");
        assertThat(sealed).hasSize(1 + 12 + "张三，合肥市蜀山区".getBytes(StandardCharsets.UTF_8).length + 16);
        assertThat(sealed[0]).isEqualTo((byte) 1);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        assertThat(cipher.seal(SHUSHAN, "13800138000")).isNotEqualTo(cipher.seal(SHUSHAN, "13800138000"));
    }

    @Test
    void aValueSealedForOneTenantDoesNotOpenForAnother() {
        byte[] sealed = cipher.seal(SHUSHAN, "13800138000");

        assertThatThrownBy(() -> cipher.open(NANNING, sealed))
                .isInstanceOf(PersonalDataCipherException.class)
                .hasMessageContaining("nanning");
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        byte[] sealed = cipher.seal(SHUSHAN, "13800138000");
        sealed[sealed.length - 20] ^= 1;

        assertThatThrownBy(() -> cipher.open(SHUSHAN, sealed)).isInstanceOf(PersonalDataCipherException.class);
        assertThatThrownBy(() -> cipher.open(SHUSHAN, new byte[5])).hasMessageContaining("too short");
    }

    @Test
    void valuesSealedWithAnOlderKeyStillOpenAfterRotation() {
        byte[] old = cipher.seal(SHUSHAN, "李四");
        PersonalDataCipher rotated =
                new Sm4PersonalDataCipher(new PersonalDataKeys(2, Map.of(1, KEY_1, 2, KEY_2), INDEX));

        assertThat(rotated.open(SHUSHAN, old)).isEqualTo("李四");
        assertThat(rotated.seal(SHUSHAN, "李四")[0]).isEqualTo((byte) 2);
        PersonalDataCipher withoutOldKey = new Sm4PersonalDataCipher(new PersonalDataKeys(2, Map.of(2, KEY_2), INDEX));
        assertThatThrownBy(() -> withoutOldKey.open(SHUSHAN, old)).hasMessageContaining("no key of version 1");
    }

    @Test
    void blindIndexIsStableWithinATenantAndDiffersAcrossTenants() {
        String a = cipher.blindIndex(SHUSHAN, PhoneNumbers.normalise("+86 138-0013-8000"));
        String b = cipher.blindIndex(SHUSHAN, PhoneNumbers.normalise("13800138000"));

        assertThat(a).isEqualTo(b).hasSize(64).doesNotContain("13800138000");
        assertThat(cipher.blindIndex(NANNING, "13800138000")).isNotEqualTo(a);
        assertThat(cipher.blindIndex(SHUSHAN, "13800138001")).isNotEqualTo(a);
    }

    @Test
    void keysAreValidated() {
        assertThatThrownBy(() -> new PersonalDataKeys(2, Map.of(1, KEY_1), INDEX))
                .hasMessageContaining("current version 2");
        assertThatThrownBy(() -> new PersonalDataKeys(1, Map.of(1, new byte[15]), INDEX))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new PersonalDataKeys(1, Map.of(1, KEY_1), new byte[16]))
                .hasMessageContaining("32 bytes");
        assertThat(new PersonalDataKeys(1, Map.of(1, KEY_1), INDEX).toString()).doesNotContain("0123");
    }

    @Test
    void phoneNumbersHaveOneNormalForm() {
        assertThat(PhoneNumbers.normalise("008613800138000")).isEqualTo("13800138000");
        assertThat(PhoneNumbers.normalise("8613800138000")).isEqualTo("13800138000");
        assertThat(PhoneNumbers.normalise("0551-6555 1234")).isEqualTo("055165551234");
        assertThat(PhoneNumbers.normalise("12345")).isEqualTo("12345");
        assertThatThrownBy(() -> PhoneNumbers.normalise("call me")).isInstanceOf(IllegalArgumentException.class);
    }
}
