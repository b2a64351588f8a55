package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports. A port is handed out at most once per JVM, so two stacks in one JVM never race for the same
 * one; the well-known ports of the real servers are never used because another copy may own them.
 */
final class Ports {

    static final String LOOPBACK_HOST = "127.0.0.1";
    static final InetAddress LOOPBACK = loopback();

    /** PostgreSQL, Redis, Pulsar and HTTP defaults: a developer's own servers may be there. */
    static final Set<Integer> RESERVED = Set.of(5432, 6379, 6650, 8080);

    /**
     * UDP ranges are taken below Linux's ephemeral range (32768+), where outgoing sockets never land, and above
     * 20000-20399, where a Janus started by hand usually has its media.
     */
    private static final int UDP_LOW = 20400;

    private static final int UDP_HIGH = 32000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> UDP_BLOCKS_HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * Janus binds its media ports only when a call starts, so a free-looking block may belong to a stack in another
     * process: each block is claimed with a file lock, which the OS drops when the owner exits.
     */
    private static final Path UDP_LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "devstack-udp-blocks");

    private static final Map<Integer, FileLock> UDP_BLOCK_LOCKS = new ConcurrentHashMap<>();

    private Ports() {}

    static int freeTcpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a loopback port", e);
            }
            if (!RESERVED.contains(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback TCP port after 50 attempts");
    }

    /** Whether this JVM has handed {@code port} out already (the OS may offer the same number again later). */
    static boolean handedOut(int port) {
        return HANDED_OUT.contains(port);
    }

    /** The preferred port if nothing listens on it and this JVM has not handed it out, else a free one. */
    static int preferredOrFree(int preferred) {
        if (preferred > 0 && !RESERVED.contains(preferred) && canBindTcp(preferred) && HANDED_OUT.add(preferred)) {
            return preferred;
        }
        return freeTcpPort();
    }

    /** A block of {@code size} consecutive UDP ports that can all be bound right now. */
    static UdpRange freeUdpRange(int size) {
        int blocks = (UDP_HIGH - UDP_LOW) / size;
        int first = ThreadLocalRandom.current().nextInt(blocks);
        for (int i = 0; i < blocks; i++) {
            int start = UDP_LOW + ((first + i) % blocks) * size;
            UdpRange range = new UdpRange(start, start + size - 1);
            if (UDP_BLOCKS_HANDED_OUT.add(start) && claim(start) && allUdpFree(range)) {
                return range;
            }
        }
        throw new IllegalStateException(
                "no free block of " + size + " UDP ports between " + UDP_LOW + " and " + UDP_HIGH);
    }

    /** Gives a block back for other processes; this JVM does not reuse it. */
    static void release(UdpRange range) {
        FileLock lock = UDP_BLOCK_LOCKS.remove(range.first());
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException e) {
                // the lock goes away with the process anyway
            }
        }
    }

    private static boolean claim(int start) {
        try {
            Files.createDirectories(UDP_LOCKS);
            FileChannel channel = FileChannel.open(
                    UDP_LOCKS.resolve(start + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            UDP_BLOCK_LOCKS.put(start, lock);
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static List<Integer> listening(List<Integer> ports) {
        List<Integer> open = new ArrayList<>();
        for (int port : ports) {
            if (isListening(port)) {
                open.add(port);
            }
        }
        return open;
    }

    private static boolean canBindTcp(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean allUdpFree(UdpRange range) {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int port = range.first(); port <= range.last(); port++) {
                // The wildcard address is the strictest check: it fails if anything holds the port on any address.
                held.add(new DatagramSocket(port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(LOOPBACK_HOST, new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    record UdpRange(int first, int last) {
        UdpRange {
            if (first < 1024 || last > 65535 || last < first) {
                throw new IllegalArgumentException("bad UDP range " + first + "-" + last);
            }
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }
}
