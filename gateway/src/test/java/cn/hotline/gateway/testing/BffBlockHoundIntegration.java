package cn.hotline.gateway.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The sign-in path draws random bytes on the event loop in two library places: Spring Security's
 * OAuth2 {@code state}, {@code nonce} and PKCE verifier, and Spring Session's session ids. Both read
 * {@code SecureRandom} (NativePRNG, {@code /dev/urandom}), which never waits once the kernel's pool is
 * seeded; BlockHound sees a file read. Only these two call sites are exempt.
 */
public final class BffBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(
                        "org.springframework.security.crypto.keygen.SecureRandomBytesKeyGenerator", "generateKey")
                .allowBlockingCallsInside("org.springframework.session.UuidSessionIdGenerator", "generate");
    }
}
