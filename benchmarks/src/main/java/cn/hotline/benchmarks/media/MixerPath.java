package cn.hotline.benchmarks.media;

import cn.hotline.benchmarks.media.MediaPathBenchmark.Ng;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.media.janus.AudioBridge;
import cn.hotline.media.recording.G711;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mixer's part of the media path (ADR 0005): Janus AudioBridge behind rtpengine, as the local adapter mixes a
 * three-way call, against the direct rtpengine bridge of a two-party call, measured in the same run.
 *
 * <p>A mixer decodes and re-encodes audio, so a timestamp inside a packet does not survive it. Instead the talker's
 * packets carry silence, and every 400 ms a 100 ms burst of a 1 kHz tone; the talker notes the clock when it sends the
 * first packet of a burst, and each listener the clock when the first loud packet of that burst arrives (one JVM, one
 * clock). The difference is the one-way latency of the path, including the mixer's 20 ms frame.
 *
 * <p>Each mixed party is paired as the adapter re-pairs it: its own rtpengine call (party ↔ rtpengine ↔ its AudioBridge
 * plain-RTP participant), all three participants in one room at 8 kHz, G.711 A-law. The caller's voice therefore
 * crosses rtpengine, the mixer and rtpengine again, as in production; the direct path crosses rtpengine once.
 */
final class MixerPath {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final double G114_BUDGET_MS = 150;
    private static final int BURST_PERIOD_PACKETS = 20;
    private static final int BURST_PACKETS = 5;
    private static final int LOUD_MEAN_ABS = 1_500;
    private static final Duration JANUS_TIMEOUT = Duration.ofSeconds(30);

    private final Ng ng;
    private final long rtpenginePid;
    private final long janusPid;
    private final AudioBridge audioBridge;
    private final URI janusUrl;
    private final boolean record;

    private MixerPath(Ng ng, long rtpenginePid, long janusPid, URI janusUrl, boolean record) {
        this.ng = ng;
        this.janusUrl = janusUrl;
        this.rtpenginePid = rtpenginePid;
        this.janusPid = janusPid;
        this.audioBridge = new AudioBridge(WebClient.create(), janusUrl);
        this.record = record;
    }

    /** Runs the mixer section against the Janus of the devstack whose env file is {@code stackEnv}. */
    static void run(
            Ng ng, long rtpenginePid, Path stackEnv, int seconds, int[] steps, int[] prebufferings, boolean record)
            throws Exception {
        StackEndpoints stack = StackEndpoints.load(stackEnv);
        long janusPid = ProcessHandle.of(stack.stackPid()).stream()
                .flatMap(ProcessHandle::descendants)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/janus"))
                        .orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
        MixerPath mixer = new MixerPath(ng, rtpenginePid, janusPid, stack.janusUrl(), record);
        System.out.printf(
                Locale.ROOT,
                "%nMixer: Janus AudioBridge %s (pid %s) behind rtpengine, three-party calls; tone bursts every 400 ms,"
                        + " time from sending a burst's first packet to its first loud packet at each listener:%n",
                stack.janusUrl(),
                janusPid > 0 ? Long.toString(janusPid) : "not found: Janus CPU not measured");

        int singleSeconds = Math.max(seconds, 10);
        Result direct = mixer.runDirect(singleSeconds);
        Result mixed = mixer.runMixed(1, singleSeconds, 0);
        System.out.printf(
                Locale.ROOT,
                "  direct (rtpengine bridge, 2 parties)       p50 %.3f ms  p99 %.3f ms  (%d bursts heard)%n"
                        + "  mixed (rtpengine + AudioBridge, 3 parties) p50 %.3f ms  p99 %.3f ms  (%d bursts heard)%n"
                        + "  ratio mixed/direct                         p50 %.2fx  p99 %.2fx%n"
                        + "  added by the mixer                         p50 %.3f ms; p99 mixed = %.2f %% of the G.114"
                        + " budget (150 ms one-way)%n",
                direct.p50(),
                direct.p99(),
                direct.heard(),
                mixed.p50(),
                mixed.p99(),
                mixed.heard(),
                mixed.p50() / direct.p50(),
                mixed.p99() / direct.p99(),
                mixed.p50() - direct.p50(),
                100 * mixed.p99() / G114_BUDGET_MS);
        for (int prebuffering : prebufferings) {
            Result tuned = mixer.runMixed(1, singleSeconds, prebuffering);
            System.out.printf(
                    Locale.ROOT,
                    "  mixed, rooms with default_prebuffering %-2d  p50 %.3f ms  p99 %.3f ms  (%d bursts heard, %.1f %%;"
                            + " the adapter's rooms use " + AudioBridge.DEFAULT_PREBUFFERING
                            + " packets; Janus's own default is 6)%n",
                    prebuffering,
                    tuned.p50(),
                    tuned.p99(),
                    tuned.heard(),
                    tuned.heardPercent());
        }

        mixer.table(steps, seconds, 0);
        if (prebufferings.length > 0) {
            mixer.table(steps, seconds, prebufferings[0]);
        }
    }

    /** Concurrent mixed calls for growing counts, in the adapter's rooms ({@code prebuffering} 0) or tuned ones. */
    private void table(int[] steps, int seconds, int prebuffering) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%nConcurrent mixed three-party calls in %s (3 legs through rtpengine into one AudioBridge room"
                        + " each, 50 packets/s per leg each way):%n  %6s %10s %10s %8s %12s %9s %14s%n",
                prebuffering > 0 ? "rooms with default_prebuffering " + prebuffering : "the adapter's rooms",
                "calls",
                "p50 ms",
                "p99 ms",
                "heard %",
                "rtpengine %",
                "janus %",
                "calls/core");
        double bestPerCore = 0;
        double bestHeardPerCore = 0;
        for (int calls : steps) {
            Result result;
            try {
                result = runMixed(calls, seconds, prebuffering);
            } catch (RuntimeException e) {
                System.out.printf(
                        Locale.ROOT,
                        "  %6d  could not set up: %s (the devstack's Janus has 200 plugin RTP ports, which held about"
                                + " 20-25 three-party calls here; see Janus's log)%n",
                        calls,
                        e.getMessage());
                break;
            }
            double rtpengineCores = result.rtpengineCpu() / result.seconds();
            double janusCores = result.janusCpu() / result.seconds();
            double cores = rtpengineCores + janusCores;
            double perCore = cores > 0 ? calls / cores : Double.NaN;
            boolean withinBudget = result.p99() < G114_BUDGET_MS && result.heardPercent() > 99;
            if (withinBudget && perCore > bestPerCore) {
                bestPerCore = perCore;
            }
            if (result.heardPercent() > 99 && perCore > bestHeardPerCore) {
                bestHeardPerCore = perCore;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %6d %10.3f %10.3f %8.2f %12.1f %9.1f %14.0f%s%n",
                    calls,
                    result.p50(),
                    result.p99(),
                    result.heardPercent(),
                    100 * rtpengineCores,
                    100 * janusCores,
                    perCore,
                    withinBudget ? "" : "  (over budget or < 99 % of bursts heard)");
        }
        System.out.printf(
                Locale.ROOT,
                "  with > 99 %% of bursts heard: about %.0f mixed three-party calls per core of rtpengine + Janus"
                        + " together; of those within the G.114 budget (p99 < 150 ms): %s%n",
                bestHeardPerCore,
                bestPerCore > 0 ? String.format(Locale.ROOT, "about %.0f per core", bestPerCore) : "none");
    }

    record Result(
            double p50, double p99, long heard, long expected, double rtpengineCpu, double janusCpu, double seconds) {
        double heardPercent() {
            return expected == 0 ? 0 : Math.min(100, 100.0 * heard / expected);
        }
    }

    /** The baseline: a caller whose bursts reach the agent through one rtpengine bridge, as in a two-party call. */
    private Result runDirect(int seconds) throws Exception {
        String call = "mixbench-direct-" + System.nanoTime();
        try (Voice caller = new Voice(null);
                Voice agent = new Voice(caller)) {
            String toAgent = ng.sdp("d7:command5:offer7:call-id" + bencoded(call) + "8:from-tag1:a3:sdp"
                    + bencoded(MediaPathBenchmark.sdp(caller.port())) + "e");
            String toCaller = ng.sdp("d7:command6:answer7:call-id" + bencoded(call) + "8:from-tag1:a6:to-tag1:b3:sdp"
                    + bencoded(MediaPathBenchmark.sdp(agent.port())) + "e");
            if (record) {
                ng.send("d7:command15:start recording7:call-id" + bencoded(call) + "e");
            }
            caller.sendTo(MediaPathBenchmark.port(toCaller));
            agent.sendTo(MediaPathBenchmark.port(toAgent));
            return measure(List.of(caller, agent), seconds);
        } finally {
            ng.send("d7:command6:delete7:call-id" + bencoded(call) + "e");
        }
    }

    /**
     * {@code calls} three-party calls, each party paired through rtpengine with its participant in the call's room:
     * the adapter's rooms ({@code prebuffering} 0) or rooms created with AudioBridge's {@code default_prebuffering}.
     */
    private Result runMixed(int calls, int seconds, int prebuffering) throws Exception {
        List<Voice> voices = new ArrayList<>();
        List<String> rtpengineCalls = new ArrayList<>();
        AudioBridge.Mixer mixer = audioBridge.open().block(JANUS_TIMEOUT);
        try (RoomsWithPrebuffering tuned = prebuffering > 0 ? new RoomsWithPrebuffering(janusUrl) : null) {
            for (int i = 0; i < calls; i++) {
                long room = tuned != null
                        ? tuned.create(prebuffering)
                        : mixer.createRoom(8_000).block(JANUS_TIMEOUT);
                Voice caller = new Voice(null);
                voices.add(caller);
                List<Voice> parties = List.of(caller, new Voice(caller), new Voice(caller));
                voices.addAll(parties.subList(1, 3));
                for (int p = 0; p < parties.size(); p++) {
                    Voice party = parties.get(p);
                    String call = "mixbench-" + System.nanoTime() + "-" + i + "-" + p;
                    rtpengineCalls.add(call);
                    // offer from the party: rtpengine's port towards the mixer, where the participant's mix must go
                    String towardsMixer = ng.sdp("d7:command5:offer7:call-id" + bencoded(call) + "8:from-tag1:p3:sdp"
                            + bencoded(MediaPathBenchmark.sdp(party.port())) + "e");
                    AudioBridge.Participant participant = mixer.joinPlainRtp(
                                    room,
                                    "party-" + p,
                                    LOOPBACK.getHostAddress(),
                                    MediaPathBenchmark.port(towardsMixer),
                                    "pcma",
                                    8,
                                    false)
                            .block(JANUS_TIMEOUT);
                    String towardsParty =
                            ng.sdp("d7:command6:answer7:call-id" + bencoded(call) + "8:from-tag1:p6:to-tag1:j3:sdp"
                                    + bencoded(MediaPathBenchmark.sdp(participant.port())) + "e");
                    if (record) {
                        ng.send("d7:command15:start recording7:call-id" + bencoded(call) + "e");
                    }
                    party.sendTo(MediaPathBenchmark.port(towardsParty));
                }
            }
            return measure(voices, seconds);
        } finally {
            for (String call : rtpengineCalls) {
                ng.send("d7:command6:delete7:call-id" + bencoded(call) + "e");
            }
            voices.forEach(Voice::close);
            mixer.close().block(JANUS_TIMEOUT);
        }
    }

    private Result measure(List<Voice> voices, int seconds) throws Exception {
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        try {
            for (Voice voice : voices) {
                senders.scheduleAtFixedRate(
                        voice::sendOne, ThreadLocalRandom.current().nextInt(20), 20, TimeUnit.MILLISECONDS);
            }
            Thread.sleep(2_000); // rtpengine learns the addresses, the mixer fills its buffers
            voices.forEach(Voice::startCounting);
            double rtpengineBefore = cpuSeconds(rtpenginePid);
            double janusBefore = cpuSeconds(janusPid);
            long begin = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            voices.forEach(Voice::stopCounting);
            double elapsed = (System.nanoTime() - begin) / 1e9;
            double rtpengineCpu = cpuSeconds(rtpenginePid) - rtpengineBefore;
            double janusCpu = cpuSeconds(janusPid) - janusBefore;
            Thread.sleep(500); // the last bursts' arrival
            List<Long> latencies = new ArrayList<>();
            long expected = 0;
            for (Voice voice : voices) {
                if (voice.talker != null) {
                    latencies.addAll(voice.latenciesNanos());
                    expected += voice.talker.countedBursts();
                }
            }
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    sorted.length,
                    expected,
                    rtpengineCpu,
                    janusCpu,
                    elapsed);
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double cpuSeconds(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String bencoded(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ":" + text;
    }

    /**
     * AudioBridge rooms like the adapter's ({@code allow_rtp_participants}, 8 kHz) but with a chosen
     * {@code default_prebuffering} (packets queued per participant before its audio is mixed; AudioBridge's default
     * is 6, i.e. 120 ms): media's {@link AudioBridge} does not set it, so this experiment speaks Janus's HTTP API
     * itself, on its own session; the participants join through {@link AudioBridge} as in the adapter.
     */
    private static final class RoomsWithPrebuffering implements AutoCloseable {
        private static final JsonMapper JSON = JsonMapper.builder().build();
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;
        private final String session;
        private final String handle;
        private final List<Long> rooms = new ArrayList<>();

        RoomsWithPrebuffering(URI janusUrl) throws Exception {
            base = janusUrl.toString();
            session = post(base, Map.of("janus", "create"))
                    .path("data")
                    .path("id")
                    .asString();
            handle = post(base + "/" + session, Map.of("janus", "attach", "plugin", "janus.plugin.audiobridge"))
                    .path("data")
                    .path("id")
                    .asString();
        }

        long create(int prebuffering) throws Exception {
            long room = ThreadLocalRandom.current().nextLong(1, 1L << 52);
            JsonNode reply = request(Map.of(
                    "request",
                    "create",
                    "room",
                    room,
                    "sampling_rate",
                    8_000,
                    "allow_rtp_participants",
                    true,
                    "audiolevel_event",
                    false,
                    "default_prebuffering",
                    prebuffering));
            if (!"created".equals(reply.path("audiobridge").asString(""))) {
                throw new IllegalStateException("AudioBridge did not create the room: " + reply);
            }
            rooms.add(room);
            return room;
        }

        private JsonNode request(Map<String, Object> body) throws Exception {
            return post(base + "/" + session + "/" + handle, Map.of("janus", "message", "body", body))
                    .path("plugindata")
                    .path("data");
        }

        private JsonNode post(String url, Map<String, Object> body) throws Exception {
            Map<String, Object> full = new java.util.LinkedHashMap<>(body);
            full.put("transaction", Long.toHexString(ThreadLocalRandom.current().nextLong()));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(JANUS_TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(full)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode reply = JSON.readTree(response.body());
            if ("error".equals(reply.path("janus").asString(""))) {
                throw new IllegalStateException("Janus: " + reply);
            }
            return reply;
        }

        @Override
        public void close() throws Exception {
            for (long room : rooms) {
                request(Map.of("request", "destroy", "room", room));
            }
            post(base + "/" + session, Map.of("janus", "destroy"));
        }
    }

    /**
     * One party of a call: sends a 20 ms G.711 A-law packet every 20 ms — silence, or (the talker) a 1 kHz burst of
     * 100 ms every 400 ms — and, when it listens to a talker, notes when each burst is first heard.
     */
    private static final class Voice implements AutoCloseable {
        private static final byte[] SILENCE = new byte[160];
        private static final byte[][] TONE = new byte[BURST_PACKETS][160];

        static {
            java.util.Arrays.fill(SILENCE, G711.encodeAlaw((short) 0));
            for (int packet = 0; packet < BURST_PACKETS; packet++) {
                for (int i = 0; i < 160; i++) {
                    int sample = packet * 160 + i;
                    TONE[packet][i] =
                            G711.encodeAlaw((short) (8_000 * Math.sin(2 * Math.PI * 1_000 * sample / 8_000.0)));
                }
            }
        }

        private final DatagramSocket socket;
        private final @Nullable Voice talker;
        private final AtomicLong sequence = new AtomicLong();
        private final List<Long> latencies = new ArrayList<>();
        private final AtomicLong countedBursts = new AtomicLong();
        private volatile boolean counting;
        private volatile long burst = -1;
        private volatile long burstSentAt;
        /** Whether the current burst was sent inside the counting window (its listeners count it, whenever heard). */
        private volatile boolean burstCounted;

        private long lastHeardBurst = -1;
        private volatile @Nullable InetSocketAddress target;

        /** A talker ({@code talker == null}) or a listener to {@code talker}. */
        Voice(@Nullable Voice talker) {
            this.talker = talker;
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
            counting = true;
        }

        void stopCounting() {
            counting = false;
        }

        long countedBursts() {
            return countedBursts.get();
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
            byte[] payload = SILENCE;
            int inBurst = (int) (n % BURST_PERIOD_PACKETS);
            if (talker == null && inBurst < BURST_PACKETS) {
                payload = TONE[inBurst];
                if (inBurst == 0) {
                    burstCounted = counting;
                    burstSentAt = System.nanoTime();
                    burst = n / BURST_PERIOD_PACKETS;
                    if (burstCounted) {
                        countedBursts.incrementAndGet();
                    }
                }
            }
            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            packet[1] = 8;
            packet[2] = (byte) (n >> 8);
            packet[3] = (byte) n;
            long timestamp = n * 160;
            packet[4] = (byte) (timestamp >> 24);
            packet[5] = (byte) (timestamp >> 16);
            packet[6] = (byte) (timestamp >> 8);
            packet[7] = (byte) timestamp;
            int ssrc = port();
            packet[8] = (byte) (ssrc >> 24);
            packet[9] = (byte) (ssrc >> 16);
            packet[10] = (byte) (ssrc >> 8);
            packet[11] = (byte) ssrc;
            System.arraycopy(payload, 0, packet, 12, 160);
            try {
                socket.send(new DatagramPacket(packet, packet.length, to));
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
                Voice heard = talker;
                if (heard == null || packet.getLength() <= 12 || !loud(buffer, packet.getLength())) {
                    continue;
                }
                long current = heard.burst;
                if (current >= 0 && current != lastHeardBurst) {
                    lastHeardBurst = current;
                    if (heard.burstCounted) {
                        synchronized (this) {
                            latencies.add(now - heard.burstSentAt);
                        }
                    }
                }
            }
        }

        /** Mean absolute amplitude of an A-law payload (after a 12-byte RTP header without extensions or CSRCs). */
        private static boolean loud(byte[] rtp, int length) {
            int headerLength = 12 + 4 * (rtp[0] & 0x0F);
            if ((rtp[0] & 0x10) != 0 && length > headerLength + 4) {
                headerLength += 4 + 4 * (((rtp[headerLength + 2] & 0xFF) << 8) | (rtp[headerLength + 3] & 0xFF));
            }
            if ((rtp[1] & 0x7F) != 8 || length <= headerLength) {
                return false;
            }
            long sum = 0;
            for (int i = headerLength; i < length; i++) {
                sum += Math.abs(G711.decodeAlaw(rtp[i]));
            }
            return sum / (length - headerLength) > LOUD_MEAN_ABS;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
