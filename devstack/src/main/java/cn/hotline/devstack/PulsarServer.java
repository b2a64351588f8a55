package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Apache Pulsar standalone from the Maven Central distribution, as a separate JVM (an in-process broker clashes with
 * Boot's Jersey, Jetty and Netty). Tuned for a fast start on small machines: no functions worker, no stream storage,
 * small heap, serial GC, C1 only.
 */
final class PulsarServer implements Server {

    static final String HEALTHY_NAMESPACE = "public/default";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Distribution distribution;
    private final int brokerPort;
    private final int webPort;
    private final Path confDir;
    private final Path dataDir;
    private final Path logDir;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("pulsar", Duration.ofSeconds(15));

    PulsarServer(Distribution distribution, int brokerPort, int webPort, Path confDir, Path dataDir, Path logDir) {
        this.distribution = distribution;
        this.brokerPort = brokerPort;
        this.webPort = webPort;
        this.confDir = confDir;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.logFile = logDir.resolve("pulsar.log");
    }

    @Override
    public String name() {
        return "pulsar";
    }

    URI serviceUrl() {
        return URI.create("pulsar://" + Ports.LOOPBACK_HOST + ":" + brokerPort);
    }

    URI adminUrl() {
        return URI.create("http://" + Ports.LOOPBACK_HOST + ":" + webPort);
    }

    /** What the copy of {@code standalone.conf} overrides. */
    SequencedMap<String, String> settings() {
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        settings.put("bindAddress", Ports.LOOPBACK_HOST);
        settings.put("bindAddresses", "");
        settings.put("advertisedAddress", Ports.LOOPBACK_HOST);
        settings.put("advertisedListeners", "");
        settings.put("brokerServicePort", Integer.toString(brokerPort));
        settings.put("webServicePort", Integer.toString(webPort));
        settings.put("brokerServicePortTls", "");
        settings.put("webServicePortTls", "");
        // The local bookie picks its own free port; these keep it on loopback (it binds all interfaces otherwise).
        settings.put("listeningInterface", "lo");
        settings.put("allowLoopback", "true");
        settings.put("functionsWorkerEnabled", "false");
        return settings;
    }

    /** Replaces {@code key=...} lines, appending keys the file lacks. */
    static String configure(String standaloneConf, Map<String, String> settings) {
        List<String> lines = new ArrayList<>(standaloneConf.lines().toList());
        Map<String, String> remaining = new LinkedHashMap<>(settings);
        for (int i = 0; i < lines.size(); i++) {
            for (var setting : List.copyOf(remaining.entrySet())) {
                if (Pattern.compile("^\\s*" + Pattern.quote(setting.getKey()) + "\\s*=.*$")
                        .matcher(lines.get(i))
                        .matches()) {
                    lines.set(i, setting.getKey() + "=" + setting.getValue());
                    remaining.remove(setting.getKey());
                }
            }
        }
        if (!remaining.isEmpty()) {
            lines.add("");
            lines.add("# Added by devstack");
            remaining.forEach((key, value) -> lines.add(key + "=" + value));
        }
        return String.join("\n", lines) + "\n";
    }

    @Override
    public void start() {
        Path conf = confDir.resolve("standalone.conf");
        try {
            Files.createDirectories(confDir);
            Files.createDirectories(dataDir);
            Files.createDirectories(logDir);
            String packaged = Files.readString(distribution.pulsarStandaloneConf(), StandardCharsets.UTF_8);
            Files.writeString(conf, configure(packaged, settings()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        List<String> command = List.of(
                "bash",
                distribution.pulsarScript().toString(),
                "standalone",
                "--no-functions-worker",
                "--no-stream-storage",
                "--advertised-address",
                Ports.LOOPBACK_HOST,
                "--bookkeeper-dir",
                dataDir.resolve("bookkeeper").toString(),
                "--metadata-dir",
                dataDir.resolve("metadata").toString());
        Map<String, String> environment = Map.of(
                "JAVA_HOME",
                JavaRuntime.home().toString(),
                "PULSAR_STANDALONE_CONF",
                conf.toString(),
                "PULSAR_LOG_DIR",
                logDir.toString(),
                "PULSAR_MEM",
                "-Xms64m -Xmx256m -XX:MaxDirectMemorySize=128m",
                "PULSAR_GC",
                "-XX:+UseSerialGC",
                // The script's defaults plus C1 only: most of a standalone start is class loading and warm-up.
                "PULSAR_EXTRA_OPTS",
                "-Dpulsar.allocator.exit_on_oom=true -Dio.netty.recycler.maxCapacityPerThread=4096"
                        + " -XX:TieredStopAtLevel=1 -Xss512k");
        ChildProcess process = slot.launch(() -> ChildProcess.start(name(), command, environment, dataDir, logFile));
        Await.healthy("pulsar", Duration.ofSeconds(120), process, this::namespaceListed);
        Await.healthy(
                "pulsar broker port",
                Duration.ofSeconds(20),
                process,
                () -> Ports.isListening(brokerPort) ? Optional.of(brokerPort) : Optional.empty());
    }

    private Optional<String> namespaceListed() {
        return Http.get(URI.create(adminUrl() + "/admin/v2/namespaces/public"))
                .filter(response -> response.statusCode() == 200)
                .map(HttpResponse::body)
                .filter(PulsarServer::listsDefaultNamespace);
    }

    static boolean listsDefaultNamespace(String body) {
        try {
            JsonNode namespaces = JSON.readTree(body);
            if (!namespaces.isArray()) {
                return false;
            }
            for (JsonNode namespace : namespaces) {
                if (HEALTHY_NAMESPACE.equals(namespace.asString(""))) {
                    return true;
                }
            }
            return false;
        } catch (JacksonException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        slot.stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(
                Ports.LOOPBACK_HOST + ":" + brokerPort + " (pulsar " + serviceUrl() + ")",
                Ports.LOOPBACK_HOST + ":" + webPort + " (pulsar admin " + adminUrl() + ")");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(brokerPort, webPort);
    }

    @Override
    public List<ProcessHandle> processes() {
        return slot.processes();
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
