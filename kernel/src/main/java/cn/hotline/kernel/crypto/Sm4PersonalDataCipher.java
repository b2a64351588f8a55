package cn.hotline.kernel.crypto;

import cn.hotline.kernel.id.TenantId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 in GCM mode (authenticated) with per-tenant keys derived by HMAC-SM3 from the master keys, and an
 * HMAC-SM3 blind index under a per-tenant index key. Layout of a sealed value: key version (1 byte),
 * nonce (12 bytes), ciphertext and 16-byte tag; the tenant slug is the associated data, so a value
 * moved to another tenant's row does not open.
 *
 * <p>Pure computation on BouncyCastle's lightweight API (no JCA provider to register); safe on an event
 * loop. The nonce source is a DRBG seeded once at construction, so no call reads the entropy device.
 */
public final class Sm4PersonalDataCipher implements PersonalDataCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final PersonalDataKeys keys;
    private final SecureRandom nonces;
    private final Map<String, byte[]> derived = new ConcurrentHashMap<>();

    public Sm4PersonalDataCipher(PersonalDataKeys keys) {
        this.keys = keys;
        try {
            this.nonces = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no DRBG", e);
        }
        nonces.nextBytes(new byte[NONCE_BYTES]);
    }

    @Override
    public byte[] seal(TenantId tenant, String plaintext) {
        int version = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        nonces.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, tenant, version, nonce);
        byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int written = gcm.processBytes(input, 0, input.length, output, 0);
        try {
            gcm.doFinal(output, written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM4-GCM failed to seal", e);
        }
        return ByteBuffer.allocate(1 + NONCE_BYTES + output.length)
                .put((byte) version)
                .put(nonce)
                .put(output)
                .array();
    }

    @Override
    public String open(TenantId tenant, byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new PersonalDataCipherException("sealed value too short (" + sealed.length + " bytes)");
        }
        int version = Byte.toUnsignedInt(sealed[0]);
        if (!keys.sealing().containsKey(version)) {
            throw new PersonalDataCipherException("no key of version " + version);
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        GCMModeCipher gcm = gcm(false, tenant, version, nonce);
        int offset = 1 + NONCE_BYTES;
        byte[] output = new byte[gcm.getOutputSize(sealed.length - offset)];
        int written = gcm.processBytes(sealed, offset, sealed.length - offset, output, 0);
        try {
            written += gcm.doFinal(output, written);
        } catch (InvalidCipherTextException e) {
            throw new PersonalDataCipherException("sealed value does not open for tenant " + tenant.value(), e);
        }
        return new String(output, 0, written, StandardCharsets.UTF_8);
    }

    @Override
    public String blindIndex(TenantId tenant, String value) {
        byte[] key = derived.computeIfAbsent("index:" + tenant.value(), label -> hmac(keys.index(), label));
        return HexFormat.of().formatHex(hmac(key, value));
    }

    private GCMModeCipher gcm(boolean encrypt, TenantId tenant, int version, byte[] nonce) {
        byte[] key = derived.computeIfAbsent(
                "seal:" + version + ":" + tenant.value(),
                label -> Arrays.copyOf(hmac(keys.sealing().get(version), label), 16));
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(
                encrypt,
                new AEADParameters(
                        new KeyParameter(key), TAG_BITS, nonce, tenant.value().getBytes(StandardCharsets.UTF_8)));
        return gcm;
    }

    private static byte[] hmac(byte[] key, String message) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        byte[] input = message.getBytes(StandardCharsets.UTF_8);
        mac.update(input, 0, input.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
