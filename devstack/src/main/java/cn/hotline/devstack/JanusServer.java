package cn.hotline.devstack;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Debian's Janus WebRTC server with a per-run configuration ({@link JanusConfig}). */
final class JanusServer implements Server {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JanusConfig config;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("janus", Duration.ofSeconds(5));

    JanusServer(JanusConfig config, Path logFile) {
        this.config = config;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return "janus";
    }

    URI httpUrl() {
        return URI.create("http://" + Ports.LOOPBACK_HOST + ":" + config.httpPort() + "/janus");
    }

    URI wsUrl() {
        return URI.create("ws://" + Ports.LOOPBACK_HOST + ":" + config.wsPort());
    }

    @Override
    public void start() {
        Path janus = Executables.require("janus", "janus");
        Path mainConfig = config.write();
        List<String> command = List.of(
                janus.toString(),
                "-F",
                config.target().toString(),
                "-C",
                mainConfig.toString(),
                "-i",
                Ports.LOOPBACK_HOST,
                "-r",
                config.coreRtp().toString(),
                "-o");
        ChildProcess process =
                slot.launch(() -> ChildProcess.start(name(), command, Map.of(), config.mediaDir(), logFile));
        Await.healthy("janus", Duration.ofSeconds(30), process, this::serverInfo);
    }

    private Optional<String> serverInfo() {
        return Http.get(URI.create(httpUrl() + "/info"))
                .filter(response -> response.statusCode() == 200)
                .map(HttpResponse::body)
                .filter(JanusServer::isServerInfo);
    }

    static boolean isServerInfo(String body) {
        try {
            JsonNode info = JSON.readTree(body);
            return "server_info".equals(info.path("janus").asString(""));
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
                Ports.LOOPBACK_HOST + ":" + config.httpPort() + " (janus http " + httpUrl() + ")",
                Ports.LOOPBACK_HOST + ":" + config.wsPort() + " (janus websocket)",
                "udp " + config.coreRtp() + " (webrtc media), " + config.pluginRtp() + " (plugin rtp)");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(config.httpPort(), config.wsPort());
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
