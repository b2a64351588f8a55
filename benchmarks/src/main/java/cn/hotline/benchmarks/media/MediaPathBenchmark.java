package cn.hotline.benchmarks.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media path of the platform's local media server (rtpengine 10.5, userspace, as devstack runs it), measured on
 * this machine against the ITU-T G.114 budget of 150 ms one-way:
 *
 * <ol>
 *   <li>one-way latency of 20 ms G.711 packets from party A to party B, <b>direct</b> over loopback (the baseline)
 *       and <b>through rtpengine</b> (offer/answer over the ng protocol, the same calls the adapter makes), p50 and p99,
 *       and the ratio;
 *   <li>concurrent bridged calls (both directions at 50 packets/s each): for growing numbers of calls, the p99
 *       latency, the loss and rtpengine's CPU, and from that the calls one core carries within budget.
 * </ol>
 *
 * Both parties are sockets of this JVM, so a packet's send and arrival times come from one clock. Settings (system
 * properties): {@code bench.seconds} (10) per step, {@code bench.calls} (25,50,100,150,200), {@code bench.record}
 * (true: every call recorded to pcap, as in production), {@code bench.rtpengine} (/usr/bin/rtpengine), and for the
 * mixer section ({@link MixerPath}: Janus AudioBridge behind rtpengine) {@code bench.devstack.env} (the env file of a
 * running devstack, whose Janus is used; without it the section is skipped), {@code bench.mix.calls}
 * (5,10,15,20) and {@code bench.mix.prebuffering} (1,3,6: one-call runs in rooms with that AudioBridge
 * {@code default_prebuffering}, beside the adapter's rooms).
 */
public final class MediaPathBenchmark {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final double G114_BUDGET_MS = 150;
    private static final Pattern SDP = Pattern.compile("3:sdp(\\d+):");
    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");

    private MediaPathBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        boolean record = Boolean.parseBoolean(System.getProperty("bench.record", "true"));
        int[] steps = Arrays.stream(
                        System.getProperty("bench.calls", "25,50,100,150,200").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Path work = Files.createTempDirectory("media-bench");
        int ngPort = freeUdpPort();
        int firstMediaPort = 40_000 + 2 * ThreadLocalRandom.current().nextInt(4_000);
        Process rtpengine = new ProcessBuilder(
                        System.getProperty("bench.rtpengine", "/usr/bin/rtpengine"),
                        "--config-file=none",
                        "--foreground",
                        "--log-stderr",
                        "--table=-1",
                        "--interface=127.0.0.1",
                        "--listen-ng=127.0.0.1:" + ngPort,
                        "--port-min=" + firstMediaPort,
                        "--port-max=" + (firstMediaPort + 3_999),
                        "--delete-delay=0",
                        "--recording-dir=" + work.resolve("recordings"),
                        "--recording-method=pcap",
                        "--log-level=4")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("rtpengine.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(rtpengine::destroyForcibly));
        try (Ng ng = new Ng(ngPort)) {
            ng.awaitPong();
            System.out.printf(
                    Locale.ROOT,
                    "Media path on %d cores, rtpengine pid %d (userspace), %d s per step, calls %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    rtpengine.pid(),
                    seconds,
                    record ? "recorded to pcap (as in production)" : "not recorded");

            Result direct = runDirect(seconds);
            Result relayed = runCalls(ng, 1, seconds, rtpengine.pid(), record);
            System.out.printf(
                    Locale.ROOT,
                    "%nOne-way latency, one call, 50 packets/s each way:%n"
                            + "  direct loopback (baseline)  p50 %.3f ms  p99 %.3f ms%n"
                            + "  through rtpengine           p50 %.3f ms  p99 %.3f ms  loss %.2f %%%n"
                            + "  ratio through/direct        p50 %.2fx  p99 %.2fx (p99 on a shared machine is noisy)%n"
                            + "  added by the media server   p50 %.3f ms; p99 through rtpengine = %.2f %% of the G.114"
                            + " budget (150 ms one-way)%n",
                    direct.p50(),
                    direct.p99(),
                    relayed.p50(),
                    relayed.p99(),
                    relayed.lossPercent(),
                    relayed.p50() / direct.p50(),
                    relayed.p99() / direct.p99(),
                    relayed.p50() - direct.p50(),
                    100 * relayed.p99() / G114_BUDGET_MS);

            System.out.printf(
                    Locale.ROOT,
                    "%nConcurrent bridged calls (2 legs, both directions, G.711 20 ms):%n"
                            + "  %6s %10s %10s %8s %12s %14s%n",
                    "calls",
                    "p50 ms",
                    "p99 ms",
                    "loss %",
                    "rtpengine %",
                    "calls/core");
            double bestPerCore = 0;
            for (int calls : steps) {
                Result result = runCalls(ng, calls, seconds, rtpengine.pid(), record);
                double cores = result.serverCpuSeconds() / result.seconds();
                double perCore = cores > 0 ? calls / cores : Double.NaN;
                boolean withinBudget = result.p99() < G114_BUDGET_MS && result.lossPercent() < 1;
                if (withinBudget && perCore > bestPerCore) {
                    bestPerCore = perCore;
                }
                System.out.printf(
                        Locale.ROOT,
                        "  %6d %10.3f %10.3f %8.2f %12.1f %14.0f%s%n",
                        calls,
                        result.p50(),
                        result.p99(),
                        result.lossPercent(),
                        100 * cores,
                        perCore,
                        withinBudget ? "" : "  (over budget or > 1 % loss)");
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nWithin the G.114 budget with < 1 %% loss: about %.0f bridged calls per core of rtpengine"
                            + " (userspace; the kernel module, not available here, forwards without copying to"
                            + " userspace)%n",
                    bestPerCore);

            String stackEnv = System.getProperty("bench.devstack.env", "");
            if (stackEnv.isBlank()) {
                System.out.println(
                        "\nMixer: skipped (no bench.devstack.env: run-media-path.sh starts or reuses a devstack)");
            } else {
                int[] mixSteps = Arrays.stream(System.getProperty("bench.mix.calls", "5,10,15,20")
                                .split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
                int[] prebufferings = Arrays.stream(System.getProperty("bench.mix.prebuffering", "1,3,6")
                                .split(","))
                        .filter(value -> !value.isBlank())
                        .mapToInt(Integer::parseInt)
                        .toArray();
                MixerPath.run(ng, rtpengine.pid(), Path.of(stackEnv), seconds, mixSteps, prebufferings, record);
            }
        } finally {
            rtpengine.destroy();
            rtpengine.waitFor(5, TimeUnit.SECONDS);
            rtpengine.destroyForcibly();
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    record Result(double p50, double p99, double lossPercent, double serverCpuSeconds, double seconds) {}

    /** The baseline: the same packets from A straight to B. */
    private static Result runDirect(int seconds) throws Exception {
        try (Party a = new Party();
                Party b = new Party()) {
            a.sendTo(b.port());
            b.sendTo(a.port());
            return measure(List.of(a, b), seconds, -1);
        }
    }

    /** {@code calls} calls through rtpengine, each bridging two parties both ways. */
    private static Result runCalls(Ng ng, int calls, int seconds, long pid, boolean record) throws Exception {
        List<Party> parties = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                Party a = new Party();
                Party b = new Party();
                parties.add(a);
                parties.add(b);
                String call = "bench-" + System.nanoTime() + "-" + i;
                callIds.add(call);
                String toB = ng.sdp("d7:command5:offer7:call-id" + bencoded(call) + "8:from-tag1:a3:sdp"
                        + bencoded(sdp(a.port())) + "e");
                String toA = ng.sdp("d7:command6:answer7:call-id" + bencoded(call) + "8:from-tag1:a6:to-tag1:b3:sdp"
                        + bencoded(sdp(b.port())) + "e");
                if (record) {
                    ng.send("d7:command15:start recording7:call-id" + bencoded(call) + "e");
                }
                a.sendTo(port(toA));
                b.sendTo(port(toB));
            }
            return measure(parties, seconds, pid);
        } finally {
            for (String call : callIds) {
                ng.send("d7:command6:delete7:call-id" + bencoded(call) + "e");
            }
            parties.forEach(Party::close);
        }
    }

    private static Result measure(List<Party> parties, int seconds, long pid) throws Exception {
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        try {
            int warmupMs = 1_000;
            for (Party party : parties) {
                senders.scheduleAtFixedRate(
                        party::sendOne, ThreadLocalRandom.current().nextInt(20), 20, TimeUnit.MILLISECONDS);
            }
            Thread.sleep(warmupMs);
            parties.forEach(Party::startCounting);
            double cpuBefore = pid > 0 ? cpuSeconds(pid) : 0;
            long begin = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            parties.forEach(Party::stopCounting);
            double elapsed = (System.nanoTime() - begin) / 1e9;
            double cpu = pid > 0 ? cpuSeconds(pid) - cpuBefore : 0;
            senders.shutdownNow();
            senders.awaitTermination(1, TimeUnit.SECONDS);
            List<Long> latencies = new ArrayList<>();
            long sent = 0;
            long received = 0;
            for (Party party : parties) {
                latencies.addAll(party.latenciesNanos());
                sent += party.countedSent();
                received += party.countedReceived();
            }
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double loss = sent == 0 ? 0 : Math.max(0, 100.0 * (sent - received) / sent);
            return new Result(percentile(sorted, 50), percentile(sorted, 99), loss, cpu, elapsed);
        } finally {
            senders.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** utime + stime of a process, in seconds (Linux {@code /proc/<pid>/stat}, 100 ticks per second). */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + "m=audio " + port
                + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    static int port(String sdp) {
        Matcher matcher = PORT.matcher(sdp.replace("\r", ""));
        if (!matcher.find()) {
            throw new IllegalStateException("no audio port in " + sdp);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String bencoded(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length + ":" + text;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        }
    }

    /** The ng protocol, just enough for offer, answer, delete and ping. */
    static final class Ng implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress target;
        private long cookie;

        Ng(int port) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            socket.setSoTimeout(1_000);
            target = new InetSocketAddress(LOOPBACK, port);
        }

        void awaitPong() throws Exception {
            for (int i = 0; i < 50; i++) {
                try {
                    if (send("d7:command4:pinge").contains("pong")) {
                        return;
                    }
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("rtpengine did not start");
        }

        String sdp(String message) throws IOException {
            String reply = send(message);
            Matcher length = SDP.matcher(reply);
            if (!length.find()) {
                throw new IllegalStateException("no SDP in " + reply);
            }
            int start = length.end();
            byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
            return new String(bytes, start, Integer.parseInt(length.group(1)), StandardCharsets.UTF_8);
        }

        synchronized String send(String message) throws IOException {
            String id = "b" + (++cookie);
            byte[] packet = (id + " " + message).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(packet, packet.length, target));
            byte[] buffer = new byte[65_535];
            while (true) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    throw new IOException(
                            "rtpengine did not answer " + message.substring(0, Math.min(40, message.length())), e);
                }
                String text = new String(buffer, 0, reply.getLength(), StandardCharsets.ISO_8859_1);
                if (text.startsWith(id + " ")) {
                    return text.substring(id.length() + 1);
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** One call party: sends a timestamped 172-byte RTP packet every 20 ms and records one-way latencies. */
    private static final class Party implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<Long> latencies = new ArrayList<>();
        private final AtomicLong sequence = new AtomicLong();
        private final AtomicLong sentWhileCounting = new AtomicLong();
        private final AtomicLong receivedWhileCounting = new AtomicLong();
        private volatile boolean counting;
        private volatile long firstCountedSequence = Long.MAX_VALUE;
        private volatile long lastCountedSequence = Long.MAX_VALUE;
        private volatile InetSocketAddress target;

        Party() {
            try {
                socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                socket.setReceiveBufferSize(1 << 20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofPlatform().daemon().start(this::receive);
        }

        int port() {
            return socket.getLocalPort();
        }

        void sendTo(int port) {
            target = new InetSocketAddress(LOOPBACK, port);
        }

        void startCounting() {
            firstCountedSequence = sequence.get();
            counting = true;
        }

        void stopCounting() {
            lastCountedSequence = sequence.get();
            counting = false;
        }

        long countedSent() {
            return sentWhileCounting.get();
        }

        long countedReceived() {
            return receivedWhileCounting.get();
        }

        synchronized List<Long> latenciesNanos() {
            return List.copyOf(latencies);
        }

        void sendOne() {
            InetSocketAddress to = target;
            if (to == null) {
                return;
            }
            long n = sequence.incrementAndGet();
            ByteBuffer packet = ByteBuffer.allocate(172);
            packet.put((byte) 0x80)
                    .put((byte) 8)
                    .putShort((short) n)
                    .putInt((int) (n * 160))
                    .putInt(port());
            packet.putLong(System.nanoTime()).putLong(n);
            try {
                socket.send(new DatagramPacket(packet.array(), packet.capacity(), to));
                if (counting) {
                    sentWhileCounting.incrementAndGet();
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void receive() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                long now = System.nanoTime();
                if (packet.getLength() < 28) {
                    continue;
                }
                ByteBuffer in = ByteBuffer.wrap(buffer, 0, packet.getLength());
                long sentAt = in.getLong(12);
                if (counting) {
                    receivedWhileCounting.incrementAndGet();
                    synchronized (this) {
                        latencies.add(now - sentAt);
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
