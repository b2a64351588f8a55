package cn.hotline.tenant.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * When the R2DBC pool grows under load it opens a connection on an event loop, and the SCRAM login draws its nonce
 * from {@code SecureRandom} (NativePRNG reads {@code /dev/urandom}, which does not block once the kernel is seeded).
 * Allowed here so that tests with concurrent transactions can run; every other blocking call still fails the test.
 */
public final class TenantServiceBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
    }
}
