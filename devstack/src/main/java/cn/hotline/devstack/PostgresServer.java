package cn.hotline.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL 18 from zonky's embedded binaries. Besides the superuser it creates the two roles every service uses: the
 * owner that runs migrations, and the app role that owns nothing and cannot bypass row-level security.
 */
final class PostgresServer implements Server {

    static final String SUPERUSER = "postgres";
    static final String OWNER = "cc_owner";
    static final String APP_USER = "cc_app";

    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final String superPassword;
    private final String ownerPassword;
    private final String appPassword;
    private @Nullable EmbeddedPostgres postgres;
    private boolean stopped;

    PostgresServer(
            int port, Path dataDir, Path logFile, String superPassword, String ownerPassword, String appPassword) {
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.superPassword = superPassword;
        this.ownerPassword = ownerPassword;
        this.appPassword = appPassword;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void start() {
        EmbeddedPostgres started;
        try {
            Files.createDirectories(logFile.getParent());
            started = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK_HOST)
                    // Throw-away data: durability only costs start-up and test time.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setDataDirectoryCustomizer(PostgresServer::requirePasswords)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StackStartException("postgres did not start: " + e.getMessage(), e);
        }
        synchronized (this) {
            postgres = started;
            if (stopped) {
                closeQuietly(started);
                throw new StackStartException("postgres: stopped before it started");
            }
        }
        provision();
    }

    /**
     * Only the superuser keeps trust authentication (zonky's own start-up probe logs in without a password); the
     * service roles must present their passwords, as in production.
     */
    private static void requirePasswords(File dataDirectory) {
        String hba =
                """
                # Written by devstack: the service roles authenticate with passwords, as in production.
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """;
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void provision() {
        try (Connection connection = connect("postgres", SUPERUSER, superPassword);
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superPassword));
            sql.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER PASSWORD " + literal(ownerPassword));
            sql.execute("CREATE ROLE " + APP_USER
                    + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD "
                    + literal(appPassword));
            for (String database : StackEndpoints.DATABASES) {
                sql.execute("CREATE DATABASE " + database + " OWNER " + OWNER);
                sql.execute("GRANT CONNECT ON DATABASE " + database + " TO " + APP_USER);
            }
        } catch (SQLException e) {
            throw new StackStartException("postgres: creating roles and databases failed: " + e.getMessage(), e);
        }
        for (String database : StackEndpoints.DATABASES) {
            try (Connection connection = connect(database, SUPERUSER, superPassword);
                    Statement sql = connection.createStatement()) {
                sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public"
                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + APP_USER);
                sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public"
                        + " GRANT USAGE, SELECT ON SEQUENCES TO " + APP_USER);
                sql.execute("GRANT USAGE ON SCHEMA public TO " + APP_USER);
            } catch (SQLException e) {
                throw new StackStartException(
                        "postgres: granting " + APP_USER + " in " + database + " failed: " + e.getMessage(), e);
            }
        }
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + Ports.LOOPBACK_HOST + ":" + port + "/" + database, user, password);
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void stop() {
        EmbeddedPostgres running;
        synchronized (this) {
            stopped = true;
            running = postgres;
            postgres = null;
        }
        if (running == null) {
            return;
        }
        List<ProcessHandle> processes = processes();
        closeQuietly(running);
        // pg_ctl stop returns once postmaster.pid is gone, a moment before the processes have exited.
        ProcessTrees.kill(name(), ProcessTrees.awaitExit(processes, Duration.ofSeconds(10)), Duration.ofSeconds(10));
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            // the postmaster is killed by the caller if it survived
        }
    }

    @Override
    public List<String> addresses() {
        return List.of(Ports.LOOPBACK_HOST + ":" + port + " (jdbc:postgresql, databases "
                + String.join(",", StackEndpoints.DATABASES) + ")");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(port);
    }

    /** pg_ctl daemonizes the postmaster, so it is not a child of this JVM: find it through postmaster.pid. */
    @Override
    public List<ProcessHandle> processes() {
        return postmaster()
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).toList())
                .orElse(List.of());
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String firstLine =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            return ProcessHandle.of(Long.parseLong(firstLine));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
