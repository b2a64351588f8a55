package cn.hotline.kernel.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's view of the platform's threads in tests. The Pulsar client ships a shaded copy of
 * Netty whose BlockHound integration marks all of the client's own threads — including its lookup
 * and timer executors, which wait on queues by design — as non-blocking; those threads are the
 * client's business, not our event loops, so they are exempt. Reactor and reactor-netty threads
 * stay strictly non-blocking.
 *
 * <p>One allowance: the PostgreSQL driver's SCRAM login draws its nonce from {@code SecureRandom},
 * whose native implementation refills a buffer from {@code /dev/urandom} — a read that never waits,
 * done once per new pooled connection. Allowed only inside the SCRAM nonce, not for SecureRandom in
 * general (our own code uses a DRBG seeded once, see {@code Sm4PersonalDataCipher}).
 */
public final class PlatformBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
        builder.nonBlockingThreadPredicate(
                current -> current.and(thread -> !thread.getName().startsWith("pulsar-")));
    }
}
