package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEndpointsTest {

    @TempDir
    Path dir;

    static StackEndpoints sample() {
        return new StackEndpoints(
                "127.0.0.1",
                15432,
                "postgres",
                "devsuper",
                "cc_owner",
                "devowner",
                "cc_app",
                "devapp",
                "127.0.0.1",
                16379,
                URI.create("pulsar://127.0.0.1:16650"),
                URI.create("http://127.0.0.1:18081"),
                URI.create("http://127.0.0.1:19090"),
                "us-east-1",
                "devstack-access-key",
                "devstack-secret-key",
                URI.create("http://127.0.0.1:18088/janus"),
                URI.create("ws://127.0.0.1:18188"),
                URI.create("udp://127.0.0.1:22222"),
                URI.create("tcp://127.0.0.1:22224"),
                "/tmp/devstack/recordings",
                "127.0.0.1",
                13478,
                "devturnsecret",
                "hotline.local",
                "127.0.0.1",
                15060,
                "15070,15072",
                "127.0.0.1",
                12775,
                "hotline",
                "devsmsc1",
                4242);
    }

    @Test
    void writesEveryKeyAndLoadsTheSameValuesBack() {
        Path file = dir.resolve("stack.env");
        sample().write(file);

        assertThat(StackEndpoints.load(file)).isEqualTo(sample());
        assertThat(sample().toProperties().stringPropertyNames())
                .containsExactlyInAnyOrder(
                        "CC_PG_HOST",
                        "CC_PG_PORT",
                        "CC_PG_SUPERUSER",
                        "CC_PG_SUPERPASSWORD",
                        "CC_DB_OWNER",
                        "CC_DB_OWNER_PASSWORD",
                        "CC_DB_APP_USER",
                        "CC_DB_APP_PASSWORD",
                        "CC_REDIS_HOST",
                        "CC_REDIS_PORT",
                        "CC_PULSAR_URL",
                        "CC_PULSAR_ADMIN_URL",
                        "CC_S3_ENDPOINT",
                        "CC_S3_REGION",
                        "CC_S3_ACCESS_KEY",
                        "CC_S3_SECRET_KEY",
                        "CC_JANUS_URL",
                        "CC_JANUS_WS_URL",
                        "CC_RTPENGINE_NG_URL",
                        "CC_RTPENGINE_NG_TCP_URL",
                        "CC_RTPENGINE_RECORDING_DIR",
                        "CC_TURN_HOST",
                        "CC_TURN_PORT",
                        "CC_TURN_SECRET",
                        "CC_TURN_REALM",
                        "CC_SIP_EDGE_HOST",
                        "CC_SIP_EDGE_PORT",
                        "CC_SIP_INSTANCE_PORTS",
                        "CC_SMSC_HOST",
                        "CC_SMSC_PORT",
                        "CC_SMSC_SYSTEM_ID",
                        "CC_SMSC_PASSWORD",
                        "CC_STACK_PID");
    }

    @Test
    void bashReadsTheSameValuesAsJava() throws Exception {
        Path file = dir.resolve("stack.env");
        sample().write(file);
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -euo pipefail; set -a; . \"$1\"; echo \"$CC_PULSAR_URL|$CC_JANUS_URL|$CC_PG_PORT\"",
                        "bash",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor()).isZero();
        assertThat(output).isEqualTo("pulsar://127.0.0.1:16650|http://127.0.0.1:18088/janus|15432");
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("nested").resolve("stack.env");
        sample().write(file);
        sample().write(file);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("stack.env");
        }
    }

    @Test
    void loadNamesTheMissingKeys() throws IOException {
        Path file = dir.resolve("partial.env");
        Properties properties = sample().toProperties();
        properties.remove("CC_REDIS_PORT");
        properties.remove("CC_JANUS_WS_URL");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, null);
        }
        assertThatThrownBy(() -> StackEndpoints.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CC_REDIS_PORT")
                .hasMessageContaining("CC_JANUS_WS_URL")
                .hasMessageContaining(file.toString());
    }

    @Test
    void refusesValuesThatBashAndPropertiesWouldReadDifferently() {
        for (String password : List.of("has space", "dollar$sign", "back\\slash", "quote'")) {
            assertThatThrownBy(() -> new StackEndpoints(
                            "127.0.0.1",
                            1,
                            "postgres",
                            password,
                            "cc_owner",
                            "o",
                            "cc_app",
                            "a",
                            "127.0.0.1",
                            2,
                            URI.create("pulsar://127.0.0.1:3"),
                            URI.create("http://127.0.0.1:4"),
                            URI.create("http://127.0.0.1:5"),
                            "us-east-1",
                            "k",
                            "s",
                            URI.create("http://127.0.0.1:6/janus"),
                            URI.create("ws://127.0.0.1:7"),
                            URI.create("udp://127.0.0.1:8"),
                            URI.create("tcp://127.0.0.1:9"),
                            "/tmp/rec",
                            "127.0.0.1",
                            10,
                            "t",
                            "hotline.local",
                            "127.0.0.1",
                            11,
                            "12",
                            "127.0.0.1",
                            13,
                            "hotline",
                            "p",
                            1))
                    .as(password)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CC_PG_SUPERPASSWORD");
        }
    }

    @Test
    void refusesWrongSchemesAndAnAppRoleThatIsTheOwner() {
        assertThatThrownBy(() -> withPulsar(URI.create("http://127.0.0.1:6650")))
                .hasMessageContaining("CC_PULSAR_URL");
        assertThatThrownBy(() -> new StackEndpoints(
                        "127.0.0.1",
                        1,
                        "postgres",
                        "p",
                        "cc_owner",
                        "o",
                        "cc_owner",
                        "a",
                        "127.0.0.1",
                        2,
                        URI.create("pulsar://127.0.0.1:3"),
                        URI.create("http://127.0.0.1:4"),
                        URI.create("http://127.0.0.1:5"),
                        "us-east-1",
                        "k",
                        "s",
                        URI.create("http://127.0.0.1:6/janus"),
                        URI.create("ws://127.0.0.1:7"),
                        URI.create("udp://127.0.0.1:8"),
                        URI.create("tcp://127.0.0.1:9"),
                        "/tmp/rec",
                        "127.0.0.1",
                        10,
                        "t",
                        "hotline.local",
                        "127.0.0.1",
                        11,
                        "12",
                        "127.0.0.1",
                        13,
                        "hotline",
                        "p",
                        1))
                .hasMessageContaining("app role must not be the owner");
    }

    @Test
    void jdbcUrlPointsAtTheDatabase() {
        assertThat(sample().jdbcUrl("cc_call")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/cc_call");
    }

    private static StackEndpoints withPulsar(URI pulsar) {
        StackEndpoints s = sample();
        return new StackEndpoints(
                s.pgHost(),
                s.pgPort(),
                s.pgSuperuser(),
                s.pgSuperpassword(),
                s.dbOwner(),
                s.dbOwnerPassword(),
                s.dbAppUser(),
                s.dbAppPassword(),
                s.redisHost(),
                s.redisPort(),
                pulsar,
                s.pulsarAdminUrl(),
                s.s3Endpoint(),
                s.s3Region(),
                s.s3AccessKey(),
                s.s3SecretKey(),
                s.janusUrl(),
                s.janusWsUrl(),
                s.rtpengineNgUrl(),
                s.rtpengineNgTcpUrl(),
                s.rtpengineRecordingDir(),
                s.turnHost(),
                s.turnPort(),
                s.turnSecret(),
                s.turnRealm(),
                s.sipEdgeHost(),
                s.sipEdgePort(),
                s.sipInstancePorts(),
                s.smscHost(),
                s.smscPort(),
                s.smscSystemId(),
                s.smscPassword(),
                s.stackPid());
    }
}
