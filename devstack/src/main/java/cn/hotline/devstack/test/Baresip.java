package cn.hotline.devstack.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SIP caller for tests: Debian's baresip 1.0 with no sound card. It sends a WAV file as its voice ({@code aufile}
 * audio source, 8 kHz 16-bit mono), records what it hears ({@code sndfile} dumps the decoded stream to
 * {@code dump-*-dec.wav}), sends RFC 4733 key presses, and is driven over its {@code ctrl_tcp} socket (netstrings of
 * JSON), whose call events a test can wait for. One instance places one call at a time; everything it writes stays
 * in its own directory.
 */
public final class Baresip implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/baresip");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Bytes of the WAV header libsndfile writes for 16-bit PCM before the samples. */
    private static final int WAV_HEADER = 44;

    private final Path dir;
    private final Process process;
    private final Socket control;
    private final OutputStream commands;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Thread reader;

    private Baresip(Path dir, Process process, Socket control) throws IOException {
        this.dir = dir;
        this.process = process;
        this.control = control;
        this.commands = control.getOutputStream();
        InputStream in = new BufferedInputStream(control.getInputStream());
        this.reader = Thread.ofVirtual().name("baresip-ctrl").start(() -> read(in));
    }

    /**
     * Starts baresip in {@code dir} as {@code user@127.0.0.1}, its voice {@code voiceWav} (8 kHz 16-bit mono; it is
     * played once, then baresip sends silence, so make it longer than the call).
     */
    public static Baresip start(Path dir, String user, Path voiceWav) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("baresip is not installed (Debian package baresip)");
        }
        try {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Path dumps = Files.createDirectories(dir.resolve("received"));
            int controlPort = freeTcpPort();
            Files.writeString(
                    conf.resolve("config"),
                    String.join(
                            "\n",
                            "poll_method epoll",
                            "sip_listen 127.0.0.1:0",
                            "audio_source aufile," + voiceWav.toAbsolutePath(),
                            "audio_alert aufile," + voiceWav.toAbsolutePath(),
                            "audio_srate 8000",
                            "audio_channels 1",
                            "module_path /usr/lib/baresip/modules",
                            "module g711.so",
                            "module aufile.so",
                            "module sndfile.so",
                            "module_app account.so",
                            "module_app menu.so",
                            "module_app ctrl_tcp.so",
                            "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                            "snd_path " + dumps.toAbsolutePath(),
                            ""));
            // regint=0: a carrier's trunk does not register; PCMA first, as Chinese carriers send
            Files.writeString(
                    conf.resolve("accounts"), "<sip:" + user + "@127.0.0.1>;regint=0;audio_codecs=PCMA,PCMU\n");
            Files.writeString(conf.resolve("contacts"), "");
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "-f", conf.toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("baresip.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            Socket control = connect(controlPort, process, dir);
            return new Baresip(dir, process, control);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a voice for baresip: a sine tone at amplitude 8000, 8 kHz 16-bit mono WAV. */
    public static Path tone(Path file, double hertz, Duration length) {
        int samples = (int) (length.toMillis() * 8);
        ByteBuffer wav = ByteBuffer.allocate(WAV_HEADER + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + samples * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(8000)
                .putInt(16000)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (8000 * Math.sin(2 * Math.PI * hertz * i / 8000)));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, wav.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Socket connect(int port, Process process, Path dir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "baresip did not open its control port: " + readLog(dir.resolve("baresip.log")), notYet);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void read(InputStream in) {
        try {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                in.read(); // the netstring's trailing comma
                JsonNode message = JSON.readTree(body);
                if (message.path("event").asBoolean(false)) {
                    events.add(message);
                } else {
                    responses.add(message);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the socket closed with baresip
        }
    }

    /** Sends one command of baresip's menu (e.g. {@code dial}, {@code hangup}, {@code sndcode}) and returns its reply. */
    public JsonNode command(String command, String params) {
        String token = Integer.toString(tokens.incrementAndGet());
        byte[] body = JSON.writeValueAsBytes(java.util.Map.of("command", command, "params", params, "token", token));
        try {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            frame.write(body);
            frame.write(',');
            synchronized (commands) {
                commands.write(frame.toByteArray());
                commands.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode reply = responses.poll(250, TimeUnit.MILLISECONDS);
                if (reply != null && token.equals(reply.path("token").asString(""))) {
                    return reply;
                }
            }
            throw new IllegalStateException("baresip did not answer " + command + ": " + log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls {@code uri} (e.g. {@code sip:055112345@127.0.0.1:5060}). */
    public void dial(String uri) {
        command("dial", uri);
    }

    /** Presses keys on the current call: RFC 4733 telephone events, each followed by its release. */
    public void sendDigits(String digits) {
        command("sndcode", digits);
    }

    /** Hangs up the current call. */
    public void hangUp() {
        command("hangup", "");
    }

    /**
     * Waits for the next call event of {@code type} (e.g. {@code CALL_ESTABLISHED}, {@code CALL_CLOSED}), skipping
     * others; empty when none came in time.
     */
    public Optional<JsonNode> awaitEvent(String type, Duration timeout) throws InterruptedException {
        return awaitAny(timeout, type);
    }

    /** Waits for the next call event of any of {@code types}, skipping others; empty when none came in time. */
    public Optional<JsonNode> awaitAny(Duration timeout, String... types) throws InterruptedException {
        List<String> wanted = List.of(types);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            JsonNode event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && wanted.contains(event.path("type").asString(""))) {
                return Optional.of(event);
            }
        }
    }

    /** What baresip has heard on its current or last call so far, as decoded 8 kHz samples. */
    public Heard heard() {
        try (Stream<Path> files = Files.list(dir.resolve("received"))) {
            Optional<Path> decoded = files.filter(
                            f -> f.getFileName().toString().endsWith("-dec.wav"))
                    .max(java.util.Comparator.comparing(Path::toString));
            if (decoded.isEmpty()) {
                return new Heard(new byte[0]);
            }
            byte[] bytes = Files.readAllBytes(decoded.get());
            return new Heard(
                    bytes.length <= WAV_HEADER
                            ? new byte[0]
                            : java.util.Arrays.copyOfRange(bytes, WAV_HEADER, bytes.length - (bytes.length % 2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decoded audio baresip received: 16-bit little-endian mono samples at 8 kHz. */
    public record Heard(byte[] samples) {

        public Duration duration() {
            return Duration.ofMillis(samples.length / 16L);
        }

        /** The audio from {@code from} (since the call's first received packet) to the end. */
        public Heard since(Duration from) {
            return slice(from, duration());
        }

        /** The audio between two offsets since the call's first received packet. */
        public Heard slice(Duration from, Duration to) {
            int start = (int) Math.min(samples.length, from.toMillis() * 16L);
            int end = (int) Math.max(start, Math.min(samples.length, to.toMillis() * 16L));
            return new Heard(java.util.Arrays.copyOfRange(samples, start, end));
        }

        /** Mean absolute sample value (silence is 0, a loud tone several thousand). */
        public double energy() {
            ByteBuffer pcm = ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN);
            int count = samples.length / 2;
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += Math.abs(pcm.getShort(2 * i));
            }
            return count == 0 ? 0 : sum / count;
        }

        /** Mean absolute sample value of the audio after {@code from}. */
        public double energySince(Duration from) {
            return since(from).energy();
        }

        /**
         * The amplitude of the {@code hertz} component (Goertzel over 100 ms blocks, averaged): about the amplitude of
         * a pure tone at that frequency, near 0 when it is absent. Tells whose voice was heard when each side sends
         * its own tone.
         */
        public double level(double hertz) {
            ByteBuffer pcm = ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN);
            int block = 800;
            int blocks = samples.length / 2 / block;
            double coefficient = 2 * Math.cos(2 * Math.PI * hertz / 8000);
            double total = 0;
            for (int b = 0; b < blocks; b++) {
                double s1 = 0;
                double s2 = 0;
                for (int i = 0; i < block; i++) {
                    double s0 = pcm.getShort(2 * (b * block + i)) + coefficient * s1 - s2;
                    s2 = s1;
                    s1 = s0;
                }
                double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
                total += 2 * Math.sqrt(Math.max(0, power)) / block;
            }
            return blocks == 0 ? 0 : total / blocks;
        }
    }

    /** baresip's console output so far (SIP trace off): for failure messages. */
    public String log() {
        return readLog(dir.resolve("baresip.log"));
    }

    private static String readLog(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            // the status line repeats many times a second
            return text.replaceAll("(\\[\\d+:\\d+:\\d+\\] audio=[^ ]+ \\(bit/s\\)\\s*)+", "[audio status] ");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                command("quit", "");
            }
        } catch (RuntimeException e) {
            // stopping anyway
        }
        try {
            control.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.interrupt();
    }
}
