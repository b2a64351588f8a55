package cn.hotline.kernel.crypto;

import cn.hotline.kernel.id.TenantId;

/**
 * Seals and opens one tenant's personal data, and gives the keyed blind index used to find a row by
 * an exact value (a caller's number for screen pop) without storing the value in clear.
 *
 * <p>Everything is bound to the tenant: a value sealed for one tenant cannot be opened as another's,
 * and the same number gets a different index in each tenant, so rows cannot be correlated across
 * tenants. The algorithm stays behind this interface so that a reviewer's demand (SM4 for 等保 / 密评
 * today) or a hardware security module can replace it without touching callers.
 */
public interface PersonalDataCipher {

    /** Encrypts; the result carries the key version, a fresh nonce and an authentication tag. */
    byte[] seal(TenantId tenant, String plaintext);

    /**
     * Decrypts what {@link #seal} produced for the same tenant.
     *
     * @throws PersonalDataCipherException if the value was tampered with, belongs to another tenant, or
     *     names a key version this cipher does not hold
     */
    String open(TenantId tenant, byte[] sealed);

    /** Deterministic keyed digest for equality lookup; normalise the value first (e.g. {@link PhoneNumbers}). */
    String blindIndex(TenantId tenant, String value);
}
