package cn.hotline.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.SequencedMap;

/**
 * Where each server of a running stack listens and how to log in: the content of the env file that {@code devstack
 * servers} writes and that services and tests read ({@code CC_*} keys).
 *
 * @param smscHost the stack's SMPP server (an SMSC standing in for the operators' gateway; {@link SmscServer})
 * @param smscSystemId the system id a client binds with
 * @param smscPassword the bind password (SMPP allows at most 8 characters)
 * @param stackPid the process that owns the servers; when it is gone, the file is stale
 */
public record StackEndpoints(
        String pgHost,
        int pgPort,
        String pgSuperuser,
        String pgSuperpassword,
        String dbOwner,
        String dbOwnerPassword,
        String dbAppUser,
        String dbAppPassword,
        String redisHost,
        int redisPort,
        URI pulsarUrl,
        URI pulsarAdminUrl,
        URI s3Endpoint,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        URI janusUrl,
        URI janusWsUrl,
        URI rtpengineNgUrl,
        URI rtpengineNgTcpUrl,
        String rtpengineRecordingDir,
        String turnHost,
        int turnPort,
        String turnSecret,
        String turnRealm,
        String sipEdgeHost,
        int sipEdgePort,
        String sipInstancePorts,
        String smscHost,
        int smscPort,
        String smscSystemId,
        String smscPassword,
        long stackPid) {

    /** The databases every stack has, each owned by {@link #dbOwner()} and open to {@link #dbAppUser()}. */
    public static final List<String> DATABASES =
            List.of("cc_tenant", "cc_call", "cc_ticket", "cc_auth", "cc_workforce");

    public static final String PG_HOST = "CC_PG_HOST";
    public static final String PG_PORT = "CC_PG_PORT";
    public static final String PG_SUPERUSER = "CC_PG_SUPERUSER";
    public static final String PG_SUPERPASSWORD = "CC_PG_SUPERPASSWORD";
    public static final String DB_OWNER = "CC_DB_OWNER";
    public static final String DB_OWNER_PASSWORD = "CC_DB_OWNER_PASSWORD";
    public static final String DB_APP_USER = "CC_DB_APP_USER";
    public static final String DB_APP_PASSWORD = "CC_DB_APP_PASSWORD";
    public static final String REDIS_HOST = "CC_REDIS_HOST";
    public static final String REDIS_PORT = "CC_REDIS_PORT";
    public static final String PULSAR_URL = "CC_PULSAR_URL";
    public static final String PULSAR_ADMIN_URL = "CC_PULSAR_ADMIN_URL";
    public static final String S3_ENDPOINT = "CC_S3_ENDPOINT";
    public static final String S3_REGION = "CC_S3_REGION";
    public static final String S3_ACCESS_KEY = "CC_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "CC_S3_SECRET_KEY";
    public static final String JANUS_URL = "CC_JANUS_URL";
    public static final String JANUS_WS_URL = "CC_JANUS_WS_URL";
    public static final String RTPENGINE_NG_URL = "CC_RTPENGINE_NG_URL";
    public static final String RTPENGINE_NG_TCP_URL = "CC_RTPENGINE_NG_TCP_URL";
    public static final String RTPENGINE_RECORDING_DIR = "CC_RTPENGINE_RECORDING_DIR";
    public static final String TURN_HOST = "CC_TURN_HOST";
    public static final String TURN_PORT = "CC_TURN_PORT";
    public static final String TURN_SECRET = "CC_TURN_SECRET";
    public static final String TURN_REALM = "CC_TURN_REALM";
    public static final String SIP_EDGE_HOST = "CC_SIP_EDGE_HOST";
    public static final String SIP_EDGE_PORT = "CC_SIP_EDGE_PORT";
    /** Comma-separated SIP ports reserved for call-cloud instances behind the edge (Kamailio's dispatcher list). */
    public static final String SIP_INSTANCE_PORTS = "CC_SIP_INSTANCE_PORTS";

    public static final String SMSC_HOST = "CC_SMSC_HOST";
    public static final String SMSC_PORT = "CC_SMSC_PORT";
    public static final String SMSC_SYSTEM_ID = "CC_SMSC_SYSTEM_ID";
    public static final String SMSC_PASSWORD = "CC_SMSC_PASSWORD";

    public static final String STACK_PID = "CC_STACK_PID";

    public StackEndpoints {
        requireText(pgHost, PG_HOST);
        requirePort(pgPort, PG_PORT);
        requireText(pgSuperuser, PG_SUPERUSER);
        requireText(pgSuperpassword, PG_SUPERPASSWORD);
        requireText(dbOwner, DB_OWNER);
        requireText(dbOwnerPassword, DB_OWNER_PASSWORD);
        requireText(dbAppUser, DB_APP_USER);
        requireText(dbAppPassword, DB_APP_PASSWORD);
        requireText(redisHost, REDIS_HOST);
        requirePort(redisPort, REDIS_PORT);
        requireScheme(pulsarUrl, "pulsar", PULSAR_URL);
        requireScheme(pulsarAdminUrl, "http", PULSAR_ADMIN_URL);
        requireScheme(s3Endpoint, "http", S3_ENDPOINT);
        requireText(s3Region, S3_REGION);
        requireText(s3AccessKey, S3_ACCESS_KEY);
        requireText(s3SecretKey, S3_SECRET_KEY);
        requireScheme(janusUrl, "http", JANUS_URL);
        requireScheme(janusWsUrl, "ws", JANUS_WS_URL);
        requireScheme(rtpengineNgUrl, "udp", RTPENGINE_NG_URL);
        requireScheme(rtpengineNgTcpUrl, "tcp", RTPENGINE_NG_TCP_URL);
        requireText(rtpengineRecordingDir, RTPENGINE_RECORDING_DIR);
        requireText(turnHost, TURN_HOST);
        requirePort(turnPort, TURN_PORT);
        requireText(turnSecret, TURN_SECRET);
        requireText(turnRealm, TURN_REALM);
        requireText(sipEdgeHost, SIP_EDGE_HOST);
        requirePort(sipEdgePort, SIP_EDGE_PORT);
        requireText(sipInstancePorts, SIP_INSTANCE_PORTS);
        if (!sipInstancePorts.matches("[0-9]{1,5}(,[0-9]{1,5})*")) {
            throw new IllegalArgumentException(SIP_INSTANCE_PORTS + " must be ports separated by commas");
        }
        requireText(smscHost, SMSC_HOST);
        requirePort(smscPort, SMSC_PORT);
        requireText(smscSystemId, SMSC_SYSTEM_ID);
        requireText(smscPassword, SMSC_PASSWORD);
        if (smscSystemId.length() > 15 || smscPassword.length() > 8) {
            throw new IllegalArgumentException(
                    SMSC_SYSTEM_ID + " (≤ 15) or " + SMSC_PASSWORD + " (≤ 8) too long for SMPP");
        }
        if (stackPid <= 0) {
            throw new IllegalArgumentException(STACK_PID + " must be a process id: " + stackPid);
        }
        if (dbOwner.equals(dbAppUser)) {
            throw new IllegalArgumentException("the app role must not be the owner role: " + dbAppUser);
        }
    }

    /** JDBC URL of one of the {@link #DATABASES}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    /** The {@code CC_*} keys in a stable order (the order of the env file). */
    public SequencedMap<String, String> toMap() {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        values.put(PG_HOST, pgHost);
        values.put(PG_PORT, Integer.toString(pgPort));
        values.put(PG_SUPERUSER, pgSuperuser);
        values.put(PG_SUPERPASSWORD, pgSuperpassword);
        values.put(DB_OWNER, dbOwner);
        values.put(DB_OWNER_PASSWORD, dbOwnerPassword);
        values.put(DB_APP_USER, dbAppUser);
        values.put(DB_APP_PASSWORD, dbAppPassword);
        values.put(REDIS_HOST, redisHost);
        values.put(REDIS_PORT, Integer.toString(redisPort));
        values.put(PULSAR_URL, pulsarUrl.toString());
        values.put(PULSAR_ADMIN_URL, pulsarAdminUrl.toString());
        values.put(S3_ENDPOINT, s3Endpoint.toString());
        values.put(S3_REGION, s3Region);
        values.put(S3_ACCESS_KEY, s3AccessKey);
        values.put(S3_SECRET_KEY, s3SecretKey);
        values.put(JANUS_URL, janusUrl.toString());
        values.put(JANUS_WS_URL, janusWsUrl.toString());
        values.put(RTPENGINE_NG_URL, rtpengineNgUrl.toString());
        values.put(RTPENGINE_NG_TCP_URL, rtpengineNgTcpUrl.toString());
        values.put(RTPENGINE_RECORDING_DIR, rtpengineRecordingDir);
        values.put(TURN_HOST, turnHost);
        values.put(TURN_PORT, Integer.toString(turnPort));
        values.put(TURN_SECRET, turnSecret);
        values.put(TURN_REALM, turnRealm);
        values.put(SIP_EDGE_HOST, sipEdgeHost);
        values.put(SIP_EDGE_PORT, Integer.toString(sipEdgePort));
        values.put(SIP_INSTANCE_PORTS, sipInstancePorts);
        values.put(SMSC_HOST, smscHost);
        values.put(SMSC_PORT, Integer.toString(smscPort));
        values.put(SMSC_SYSTEM_ID, smscSystemId);
        values.put(SMSC_PASSWORD, smscPassword);
        values.put(STACK_PID, Long.toString(stackPid));
        return values;
    }

    public Properties toProperties() {
        Properties properties = new Properties();
        properties.putAll(toMap());
        return properties;
    }

    /** Writes the env file atomically; refuses values that bash and {@link Properties} would read differently. */
    public void write(Path file) {
        EnvFile.write(file, toMap(), "Servers of the devstack started by process " + stackPid + ". Do not edit.");
    }

    public static StackEndpoints load(Path file) {
        try {
            return fromProperties(EnvFile.read(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static StackEndpoints fromProperties(Properties properties) {
        List<String> missing = new ArrayList<>();
        Lookup value = key -> {
            String found = properties.getProperty(key);
            if (found == null || found.isBlank()) {
                missing.add(key);
                return "";
            }
            return found.strip();
        };
        String pgHost = value.get(PG_HOST);
        String pgPort = value.get(PG_PORT);
        String pgSuperuser = value.get(PG_SUPERUSER);
        String pgSuperpassword = value.get(PG_SUPERPASSWORD);
        String dbOwner = value.get(DB_OWNER);
        String dbOwnerPassword = value.get(DB_OWNER_PASSWORD);
        String dbAppUser = value.get(DB_APP_USER);
        String dbAppPassword = value.get(DB_APP_PASSWORD);
        String redisHost = value.get(REDIS_HOST);
        String redisPort = value.get(REDIS_PORT);
        String pulsarUrl = value.get(PULSAR_URL);
        String pulsarAdminUrl = value.get(PULSAR_ADMIN_URL);
        String s3Endpoint = value.get(S3_ENDPOINT);
        String s3Region = value.get(S3_REGION);
        String s3AccessKey = value.get(S3_ACCESS_KEY);
        String s3SecretKey = value.get(S3_SECRET_KEY);
        String janusUrl = value.get(JANUS_URL);
        String janusWsUrl = value.get(JANUS_WS_URL);
        String rtpengineNgUrl = value.get(RTPENGINE_NG_URL);
        String rtpengineNgTcpUrl = value.get(RTPENGINE_NG_TCP_URL);
        String rtpengineRecordingDir = value.get(RTPENGINE_RECORDING_DIR);
        String turnHost = value.get(TURN_HOST);
        String turnPort = value.get(TURN_PORT);
        String turnSecret = value.get(TURN_SECRET);
        String turnRealm = value.get(TURN_REALM);
        String sipEdgeHost = value.get(SIP_EDGE_HOST);
        String sipEdgePort = value.get(SIP_EDGE_PORT);
        String sipInstancePorts = value.get(SIP_INSTANCE_PORTS);
        String smscHost = value.get(SMSC_HOST);
        String smscPort = value.get(SMSC_PORT);
        String smscSystemId = value.get(SMSC_SYSTEM_ID);
        String smscPassword = value.get(SMSC_PASSWORD);
        String stackPid = value.get(STACK_PID);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing keys " + missing);
        }
        return new StackEndpoints(
                pgHost,
                parseInt(pgPort, PG_PORT),
                pgSuperuser,
                pgSuperpassword,
                dbOwner,
                dbOwnerPassword,
                dbAppUser,
                dbAppPassword,
                redisHost,
                parseInt(redisPort, REDIS_PORT),
                URI.create(pulsarUrl),
                URI.create(pulsarAdminUrl),
                URI.create(s3Endpoint),
                s3Region,
                s3AccessKey,
                s3SecretKey,
                URI.create(janusUrl),
                URI.create(janusWsUrl),
                URI.create(rtpengineNgUrl),
                URI.create(rtpengineNgTcpUrl),
                rtpengineRecordingDir,
                turnHost,
                parseInt(turnPort, TURN_PORT),
                turnSecret,
                turnRealm,
                sipEdgeHost,
                parseInt(sipEdgePort, SIP_EDGE_PORT),
                sipInstancePorts,
                smscHost,
                parseInt(smscPort, SMSC_PORT),
                smscSystemId,
                smscPassword,
                parseLong(stackPid, STACK_PID));
    }

    @FunctionalInterface
    private interface Lookup {
        String get(String key);
    }

    private static int parseInt(String value, String key) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + value, e);
        }
    }

    private static long parseLong(String value, String key) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + value, e);
        }
    }

    private static void requireText(String value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
        EnvFile.requireSafe(key, value);
    }

    private static void requirePort(int port, String key) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + " is not a TCP port: " + port);
        }
    }

    private static void requireScheme(URI uri, String scheme, String key) {
        Objects.requireNonNull(uri, key);
        if (!scheme.equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException(key + " must be a " + scheme + "://host:port URL: " + uri);
        }
        EnvFile.requireSafe(key, uri.toString());
    }
}
