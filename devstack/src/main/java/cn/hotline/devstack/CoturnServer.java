package cn.hotline.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's coturn as the agents' TURN server on loopback, with the TURN REST API's shared secret
 * ({@code --use-auth-secret}): services hand out short-lived per-user credentials derived from it.
 */
final class CoturnServer implements Server {

    static final String REALM = "hotline.local";

    private final int port;
    private final Ports.UdpRange relay;
    private final String secret;
    private final Path workDir;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("coturn", Duration.ofSeconds(5));
    /** 127.0.0.1, or 0.0.0.0 when agents on other machines use it ({@code platform --public-host}). */
    private final String listeningIp;

    CoturnServer(int port, Ports.UdpRange relay, String secret, Path workDir, Path logFile) {
        this(port, relay, secret, workDir, logFile, Ports.LOOPBACK_HOST);
    }

    CoturnServer(int port, Ports.UdpRange relay, String secret, Path workDir, Path logFile, String listeningIp) {
        this.listeningIp = listeningIp;
        this.port = port;
        this.relay = relay;
        this.secret = secret;
        this.workDir = workDir;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return "coturn";
    }

    int port() {
        return port;
    }

    String secret() {
        return secret;
    }

    List<String> command(Path executable) {
        return List.of(
                executable.toString(),
                "-n",
                // relays stay on loopback: the peers (rtpengine) are there
                "--listening-ip=" + listeningIp,
                "--relay-ip=" + Ports.LOOPBACK_HOST,
                "--listening-port=" + port,
                "--min-port=" + relay.first(),
                "--max-port=" + relay.last(),
                "--use-auth-secret",
                "--static-auth-secret=" + secret,
                "--realm=" + REALM,
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--allow-loopback-peers",
                "--no-multicast-peers",
                "--pidfile=" + workDir.resolve("turnserver.pid"),
                "--userdb=" + workDir.resolve("turndb"),
                "--log-file=stdout",
                "--simple-log");
    }

    @Override
    public void start() {
        Path turnserver = Executables.require("turnserver", "coturn");
        List<String> command = command(turnserver);
        ChildProcess process = slot.launch(() -> ChildProcess.start(name(), command, Map.of(), workDir, logFile));
        Await.healthy(
                "coturn",
                Duration.ofSeconds(20),
                process,
                () -> Ports.isListening(port) ? Optional.of(port) : Optional.empty());
    }

    @Override
    public void stop() {
        slot.stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(Ports.LOOPBACK_HOST + ":" + port + " (turn udp+tcp), relay udp " + relay);
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
