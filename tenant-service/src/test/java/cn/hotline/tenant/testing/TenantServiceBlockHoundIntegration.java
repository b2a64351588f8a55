package cn.hotline.tenant.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * When the R2DBC pool grows under load it opens a connection on an event loop, and the SCRAM login draws its nonce
 * from {@code SecureRandom} (NativePRNG reads {@code /dev/urandom}, which does not block once the kernel is seeded).
 * Allowed here (with Lettuce's writer lock, below) so that tests with concurrent transactions can run; every other blocking call still fails the test.
 */
public final class TenantServiceBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
        // Lettuce's SharedLock parks for a moment when two threads write to one connection at once (concurrent quota
        // acquires); a BlockingOperationError thrown inside it leaves the writer count broken and hangs every later
        // Redis command of the test context.
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        // Spring Data Redis guards its shared connection with a short ReentrantLock; two parallel first uses contend.
        builder.allowBlockingCallsInside(
                "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock");
    }
}
