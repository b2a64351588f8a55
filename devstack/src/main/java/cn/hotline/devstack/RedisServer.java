package cn.hotline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Debian's redis-server as a child process: loopback only, no persistence. */
final class RedisServer implements Server {

    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("redis", Duration.ofSeconds(5));

    RedisServer(int port, Path dataDir, Path logFile) {
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void start() {
        Path redis = Executables.require("redis-server", "redis-server");
        List<String> command = List.of(
                redis.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                Ports.LOOPBACK_HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                dataDir.toString());
        ChildProcess process = slot.launch(() -> ChildProcess.start(name(), command, Map.of(), dataDir, logFile));
        Await.healthy("redis", Duration.ofSeconds(20), process, this::ping);
    }

    private Optional<String> ping() {
        try {
            String reply = Resp.command(Ports.LOOPBACK_HOST, port, "PING");
            return "+PONG".equals(reply) ? Optional.of(reply) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void stop() {
        slot.stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(Ports.LOOPBACK_HOST + ":" + port + " (redis)");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(port);
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
