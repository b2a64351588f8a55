package cn.hotline.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher: {@code servers} starts the real servers and writes the env file the tests read; {@code platform} starts
 * the servers and then every service. Both run until Ctrl-C / SIGTERM and leave no process behind.
 */
public final class DevStack {

    static final String LOGBACK_CONFIG = "cn/hotline/devstack/devstack-logback.xml";
    static final int DEFAULT_GATEWAY_PORT = 18080;
    static final Duration SERVICE_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_FILE_POLL = Duration.ofMillis(200);

    private static final String USAGE =
            """
            usage: java -jar devstack-exec.jar <command> [options]

              servers  --env-file F [--run-dir D] [--s3-buckets a,b]
                  Starts PostgreSQL, Redis, Pulsar, S3Mock and Janus on free loopback ports, writes F (CC_* keys),
                  and runs until Ctrl-C, SIGTERM or until the file F.stop appears; then stops them and deletes F.
                  Run folder (logs, data) defaults to <folder of F>/run.

              platform [--root DIR] [--gateway-port 18080] [--run-dir D] [--s3-buckets a,b] [--public-host NAME]
                  Starts the servers, then tenant-service, call-cloud, ticket-service, auth-server and gateway from
                  DIR/<svc>/target/<svc>-<version>-exec.jar (DIR defaults to the current folder), writes
                  <run-dir>/platform.env and runs until Ctrl-C or SIGTERM. Run folder defaults to DIR/.devstack/platform.
                  --public-host NAME: the console is served over HTTPS at https://NAME:<gateway port>/ with the run's
                  own CA (made once in <run-dir>/tls; the launcher prints how to trust it) and the sign-in goes
                  through the gateway only. Without it the console is plain http://127.0.0.1:<gateway port>/.
            """;

    private final PrintStream out;

    DevStack(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(new DevStack(System.out).run(List.of(args)));
    }

    /** Runs a command to its end and returns the exit code. */
    int run(List<String> args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("devstack: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        try {
            return switch (commandLine.command()) {
                case "servers" -> servers(commandLine);
                case "platform" -> platform(commandLine);
                default -> {
                    out.print(USAGE);
                    yield 0;
                }
            };
        } catch (CommandLine.UsageException e) {
            System.err.println("devstack: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        } catch (StackStartException e) {
            System.err.println("devstack: " + e.getMessage());
            return 1;
        }
    }

    private int servers(CommandLine commandLine) {
        Path envFile =
                Path.of(commandLine.required("env-file")).toAbsolutePath().normalize();
        Path stopFile = envFile.resolveSibling(envFile.getFileName() + ".stop");
        Path runDir = commandLine
                .option("run-dir")
                .map(Path::of)
                .orElse(envFile.resolveSibling("run"))
                .toAbsolutePath();
        deleteIfExists(envFile);
        deleteIfExists(stopFile);

        LocalStack stack = LocalStack.create(runDir, commandLine.listOption("s3-buckets"));
        Once shutdown = new Once(() -> {
            out.println("devstack: stopping the servers");
            out.flush();
            deleteIfExists(envFile);
            stack.close();
            deleteIfExists(stopFile);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "devstack-shutdown"));
        try {
            stack.start();
        } catch (StackStartException e) {
            shutdown.run();
            throw e;
        }
        stack.endpoints().write(envFile);
        printServers(stack);
        out.println("  env file: " + envFile);
        out.println("  stop with Ctrl-C, kill " + ProcessHandle.current().pid() + ", or: touch " + stopFile);
        out.flush();

        awaitFile(stopFile);
        out.println("devstack: " + stopFile.getFileName() + " appeared");
        shutdown.run();
        out.println("devstack: stopped");
        return 0;
    }

    private int platform(CommandLine commandLine) {
        Path root =
                Path.of(commandLine.option("root").orElse(".")).toAbsolutePath().normalize();
        Path runDir = commandLine
                .option("run-dir")
                .map(Path::of)
                .orElse(root.resolve(".devstack").resolve("platform"))
                .toAbsolutePath();
        Path platformEnv = runDir.resolve("platform.env");
        int gatewayPort = commandLine.intOption("gateway-port", DEFAULT_GATEWAY_PORT);
        deleteIfExists(platformEnv);

        Platform platform =
                Platform.prepare(root, BuildInfo.load().projectVersion(), gatewayPort, runDir, SERVICE_HEALTH_TIMEOUT);
        java.util.Optional<LocalCertificate> certificate =
                commandLine.option("public-host").map(host -> LocalCertificate.ensure(runDir.resolve("tls"), host));
        certificate.ifPresent(made -> platform.servePublicly(made.names().getFirst(), made));
        LocalStack stack = LocalStack.create(
                runDir.resolve("servers"), commandLine.listOption("s3-buckets"), certificate.isPresent());
        Once shutdown = new Once(() -> {
            out.println("devstack: stopping the services, then the servers");
            out.flush();
            deleteIfExists(platformEnv);
            platform.close();
            stack.close();
            out.println("devstack: stopped");
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "devstack-shutdown"));
        try {
            stack.start();
            printServers(stack);
            out.println("devstack: starting " + platform.services().size() + " services, logs in "
                    + runDir.resolve("logs"));
            out.flush();
            platform.start(stack.endpoints());
        } catch (StackStartException e) {
            shutdown.run();
            throw e;
        }
        EnvFile.write(
                platformEnv,
                platform.platformEnv(stack.endpoints()),
                "The running platform (devstack pid " + ProcessHandle.current().pid() + "). Do not edit.");

        out.println();
        out.println("Platform ready: console at " + platform.consoleUrl() + "/");
        for (Platform.Service service : platform.services()) {
            out.printf(
                    Locale.ROOT,
                    "  %-15s %-24s %s%n",
                    service.name(),
                    service.url(),
                    platform.startTime(service.name())
                            .map(took -> "UP after " + seconds(took))
                            .orElse(""));
        }
        out.println("  env file: " + platformEnv);
        printDemoLogins(platform.consoleUrl().toString());
        certificate.ifPresent(made -> out.println(made.howToTrust()));
        StackEndpoints endpoints = stack.endpoints();
        String edge = endpoints.sipEdgeHost() + ":" + endpoints.sipEdgePort();
        out.println("Demo calls go to Kamailio, the SIP edge (udp+tcp " + edge + ", CC_SIP_EDGE_HOST/PORT in "
                + platformEnv.getFileName() + "); e.g. with baresip:");
        out.println("  /dial sip:055165312345@" + edge + "   (蜀山区12345: welcome prompt, then queue general)");
        out.println();
        out.println("  stop with Ctrl-C or kill " + ProcessHandle.current().pid());
        out.flush();
        awaitForever();
        return 0;
    }

    /** The demo accounts tenant-service seeds for the run command (tenant-service/README.md has the full list). */
    private void printDemoLogins(String gateway) {
        out.println();
        out.println("Demo sign-in (every password: Demo@12345) — open the link, then log in:");
        out.printf(Locale.ROOT, "  %-10s %-42s %s%n", "蜀山区", gateway + "/login/shushan", "agent01 … agent13, manager");
        out.printf(
                Locale.ROOT, "  %-9s %-42s %s%n", "徐州医保", gateway + "/login/xuzhou-yb", "agent01 … agent12, manager");
        out.printf(
                Locale.ROOT,
                "  %-10s %-42s %s%n",
                "南宁市",
                gateway + "/login/nanning",
                "manager, clerk01, qingxiu-sup, qingxiu01 … 06 (also xingning, jiangnan, xixiangtang, liangqing)");
        out.printf(Locale.ROOT, "  %-10s %-42s %s%n", "operator", gateway + "/login/platform", "operator");
        out.println();
    }

    private void printServers(LocalStack stack) {
        Duration total = stack.startTime();
        out.println();
        out.println("devstack: servers ready" + (total == null ? "" : " in " + seconds(total)) + ", run folder "
                + stack.runDirectory());
        out.printf(Locale.ROOT, "  %-8s %-8s %-8s %s%n", "SERVER", "STARTED", "PID", "LISTENS ON");
        for (LocalStack.ServerInfo server : stack.describe()) {
            List<String> addresses = server.addresses();
            for (int i = 0; i < addresses.size(); i++) {
                if (i == 0) {
                    out.printf(
                            Locale.ROOT,
                            "  %-8s %-8s %-8s %s%n",
                            server.name(),
                            seconds(server.startTime()),
                            server.pid(),
                            addresses.get(i));
                } else {
                    out.printf(Locale.ROOT, "  %-8s %-8s %-8s %s%n", "", "", "", addresses.get(i));
                }
            }
        }
        Map<String, String> keys = stack.endpoints().toMap();
        out.println("  postgres roles: " + keys.get(StackEndpoints.DB_OWNER) + " (owner), "
                + keys.get(StackEndpoints.DB_APP_USER) + " (app); passwords in the env file");
        out.println("  logs: " + stack.runDirectory().resolve("logs"));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static void awaitFile(Path file) {
        while (!Files.exists(file)) {
            try {
                Thread.sleep(STOP_FILE_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Until SIGINT/SIGTERM: the shutdown hook does the stopping. */
    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
