package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void neverHandsOutAPortTwiceNorAReservedOne() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.freeTcpPort();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(Ports.RESERVED).doesNotContain(port);
        }
    }

    @Test
    void preferredPortIsSkippedWhenSomethingListensOnIt() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(Ports.LOOPBACK, 0));
            assertThat(Ports.isListening(busy.getLocalPort())).isTrue();
            assertThat(Ports.preferredOrFree(busy.getLocalPort())).isNotEqualTo(busy.getLocalPort());
        }
        assertThat(Ports.preferredOrFree(8080)).isNotEqualTo(8080);
    }

    @Test
    void udpRangesAreFreeAndDoNotOverlap() throws IOException {
        Ports.UdpRange first = Ports.freeUdpRange(400);
        Ports.UdpRange second = Ports.freeUdpRange(400);

        assertThat(first.last() - first.first()).isEqualTo(399);
        assertThat(first.last() < second.first() || second.last() < first.first())
                .isTrue();
        try (DatagramSocket socket = new DatagramSocket(first.first())) {
            assertThat(socket.getLocalPort()).isEqualTo(first.first());
        }
    }

    @Test
    void udpRangeRejectsNonsense() {
        assertThatThrownBy(() -> new Ports.UdpRange(30000, 29999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ports.UdpRange(80, 90)).isInstanceOf(IllegalArgumentException.class);
    }
}
