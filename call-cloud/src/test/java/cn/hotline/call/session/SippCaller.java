package cn.hotline.call.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A SIPp caller dialling a number through devstack's Kamailio with a scenario of {@code src/test/resources/sipp}
 * ({@code @HOST@} and {@code @VOICE@} filled in: the caller's voice is a {@link CallerPcap} tone, with key presses as
 * RFC 4733 events at the given seconds). Shared by the live-call tests.
 */
final class SippCaller implements AutoCloseable {

    private final Process process;
    private final Path output;

    private SippCaller(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts SIPp in the background as {@code caller} calling {@code number} through devstack's Kamailio. */
    static SippCaller dial(
            String scenarioName,
            String number,
            String caller,
            Path work,
            Set<Integer> keyPressesAtSeconds,
            int key,
            Map<String, String> replacements)
            throws Exception {
        String kamailio = System.getProperty("CC_SIP_EDGE_HOST") + ":" + System.getProperty("CC_SIP_EDGE_PORT");
        return start(kamailio, scenarioName, number, caller, work, keyPressesAtSeconds, key, replacements);
    }

    /**
     * The live caller ({@code uac_live.xml}, key 1 at 1, 4 and 7 s) straight to one call-cloud instance's SIP edge,
     * for tests whose instance is not the one Kamailio dispatches to.
     */
    static SippCaller straight(String edgeHost, int edgePort, String number, Path work) throws Exception {
        return start(
                edgeHost + ":" + edgePort, "uac_live.xml", number, "13912345679", work, Set.of(1, 4, 7), 1, Map.of());
    }

    /** Scenario {@code scenarioName} from caller 13912345678 to {@code target} ({@code host:port}), no key presses. */
    static SippCaller to(String target, String scenarioName, String number, Path work, Map<String, String> replacements)
            throws Exception {
        return start(target, scenarioName, number, "13912345678", work, Set.of(), 1, replacements);
    }

    /** A caller to {@code target} who plays {@code voice} (a capture) while it waits {@code waitMs}, then hangs up. */
    static SippCaller speaking(String target, String number, Path work, Path voice, int waitMs) throws Exception {
        return to(
                target,
                "uac_abandon.xml",
                number,
                work,
                Map.of(
                        "@WAIT_MS@",
                        Integer.toString(waitMs),
                        "@BEFORE_WAIT@",
                        "<nop><action><exec play_pcap_audio=\"" + voice + "\" /></action></nop>"));
    }

    /** Scenario {@code scenarioName} from caller 13912345678 to {@code target}, keying {@code key} at those seconds. */
    static SippCaller keying(
            String target, String scenarioName, String number, Path work, Set<Integer> keyPressesAtSeconds, int key)
            throws Exception {
        return start(target, scenarioName, number, "13912345678", work, keyPressesAtSeconds, key, Map.of());
    }

    private static SippCaller start(
            String target,
            String scenarioName,
            String number,
            String caller,
            Path work,
            Set<Integer> keyPressesAtSeconds,
            int key,
            Map<String, String> replacements)
            throws Exception {
        Path dir = Files.createTempDirectory(work, "sipp-" + caller + "-");
        String scenario = new String(
                        SippCaller.class
                                .getResourceAsStream("/sipp/" + scenarioName)
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("@HOST@", "127.0.0.1")
                .replace(
                        "@VOICE@",
                        CallerPcap.write(dir.resolve("caller.pcap"), 170, 440, key, keyPressesAtSeconds)
                                .toString());
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            scenario = scenario.replace(entry.getKey(), entry.getValue());
        }
        Path file = dir.resolve(scenarioName);
        Files.writeString(file, scenario);
        // The media ports are free when chosen, not necessarily when SIPp binds them: another process may take one
        // in between. SIPp then exits at once ("Unable to bind ... RTP socket"), and is started again.
        for (int attempt = 1; ; attempt++) {
            int mediaPort = cn.hotline.call.sip.Sipp.freeMediaPort("127.0.0.1");
            List<String> command = new ArrayList<>(List.of(
                    "/usr/bin/sipp",
                    target,
                    "-sf",
                    file.toString(),
                    "-i",
                    "127.0.0.1",
                    "-p",
                    "0",
                    "-mi",
                    "127.0.0.1",
                    "-mp",
                    Integer.toString(mediaPort),
                    "-s",
                    number,
                    "-key",
                    "caller",
                    caller,
                    "-m",
                    "1",
                    "-timeout",
                    "180s",
                    "-timeout_error",
                    "-nostdin",
                    "-trace_err"));
            Path output = dir.resolve("sipp-" + attempt + ".out");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            SippCaller started = new SippCaller(process, output);
            if (attempt < 5 && process.waitFor(300, TimeUnit.MILLISECONDS) && started.couldNotBind(dir)) {
                continue;
            }
            return started;
        }
    }

    /** SIPp ended because a port it was given was taken (its output or its error trace says so). */
    private boolean couldNotBind(Path dir) throws Exception {
        if (output().contains("Unable to bind")) {
            return true;
        }
        try (var traces = Files.list(dir)) {
            for (Path trace : traces.filter(f -> f.getFileName().toString().endsWith("_errors.log"))
                    .toList()) {
                if (Files.readString(trace, StandardCharsets.ISO_8859_1).contains("Unable to bind")) {
                    Files.delete(trace);
                    return true;
                }
            }
        }
        return false;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kamailio answers 503 until its dispatcher has seen the instance's SIP edge: the one failure worth a retry. */
    boolean notYetRouted() throws Exception {
        return !process.isAlive() && output().contains("503 No call-cloud instance");
    }

    /** Waits for SIPp to end; its exit code (0: the scenario completed, e.g. the BYE came and was answered). */
    int finish(Duration wait) throws Exception {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    String output() throws Exception {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
    }

    @Override
    public void close() {
        process.destroy();
    }
}
