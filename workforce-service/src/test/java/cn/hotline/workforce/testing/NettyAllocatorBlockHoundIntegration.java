package cn.hotline.workforce.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * One allowance for workforce-service's tests: Netty 4.2's adaptive buffer allocator takes a short {@code StampedLock}
 * when an event loop grows its magazines ({@code MagazineGroup.tryExpandMagazines} → {@code Magazine.free}); seen once
 * on the R2DBC connection's read path while a test streamed a list, it killed the connection. The lock is Netty's own
 * and held for a few instructions; our code is not involved. (A candidate for the kernel's
 * {@code PlatformBlockHoundIntegration}; kept here to leave the kernel untouched.)
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(
                "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
