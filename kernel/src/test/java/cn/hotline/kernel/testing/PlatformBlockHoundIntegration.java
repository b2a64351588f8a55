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
 * done once per new pooled connection. Allowed only inside the SCRAM nonce (and two short locks inside Lettuce and
 * Spring Data Redis, below), not for SecureRandom in
 * general (our own code uses a DRBG seeded once, see {@code Sm4PersonalDataCipher}).
 */
public final class PlatformBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
        // Lettuce's SharedLock parks for a moment when two threads write to one connection at once (concurrent quota
        // acquires, ACD writers); a BlockingOperationError thrown inside it leaves the writer count broken and hangs
        // every later Redis command of the test context.
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        // Spring Data Redis guards its shared connection with a short ReentrantLock; two parallel first uses contend.
        builder.allowBlockingCallsInside(
                "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock");
        // Lettuce builds each new connection's command proxies under one JVM-wide ReentrantLock; two pub/sub
        // subscriptions opened at once (ACD notices and internal messages of a socket) contend on it briefly.
        builder.allowBlockingCallsInside("io.lettuce.core.internal.AbstractInvocationHandler$MethodTranslator", "of");
        // Netty 4.2's adaptive buffer allocator takes a short StampedLock when an event loop grows its magazines; seen
        // on
        // an R2DBC connection's read path while a test streamed a list, the error killed the connection. Netty's own
        // lock,
        // held for a few instructions.
        builder.allowBlockingCallsInside(
                "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.nonBlockingThreadPredicate(
                current -> current.and(thread -> !thread.getName().startsWith("pulsar-")));
    }
}
