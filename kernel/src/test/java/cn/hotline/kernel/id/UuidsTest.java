package cn.hotline.kernel.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void areVersionSevenWithTheRfcVariant() {
        UUID id = Uuids.v7();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void carryTheirCreationTimeSoLaterIdsSortAfterEarlierOnes() throws InterruptedException {
        UUID earlier = Uuids.v7();
        Thread.sleep(3);
        UUID later = Uuids.v7();

        assertThat(later.getMostSignificantBits() >>> 16).isGreaterThan(earlier.getMostSignificantBits() >>> 16);
        assertThat(Math.abs((earlier.getMostSignificantBits() >>> 16) - System.currentTimeMillis()))
                .isLessThan(10_000);
    }

    @Test
    void doNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(Uuids.v7());
        }
        assertThat(seen).hasSize(100_000);
    }
}
