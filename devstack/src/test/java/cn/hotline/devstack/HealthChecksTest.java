package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void janusIsHealthyOnlyOnServerInfo() {
        assertThat(JanusServer.isServerInfo("{\"janus\":\"server_info\",\"version\":1102}"))
                .isTrue();
        assertThat(JanusServer.isServerInfo("{\"janus\":\"error\"}")).isFalse();
        assertThat(JanusServer.isServerInfo("not json")).isFalse();
    }

    @Test
    void rtpengineIsHealthyOnlyOnItsOwnPong() {
        assertThat(RtpengineServer.isPong("devstack d6:result4:ponge")).isTrue();
        assertThat(RtpengineServer.isPong("devstack d6:result5:error12:error-reason3:bade"))
                .isFalse();
        assertThat(RtpengineServer.isPong("other d6:result4:ponge")).isFalse();
    }

    @Test
    void rtpengineRunsInUserspaceOnLoopbackWithDtmfOverTcp() {
        RtpengineServer server = new RtpengineServer(
                22222, 22224, new Ports.UdpRange(30000, 30299), Path.of("/tmp/rec"), Path.of("/tmp/r.log"));

        assertThat(server.command(Path.of("/usr/bin/rtpengine")))
                .contains(
                        "--table=-1",
                        "--interface=127.0.0.1",
                        "--listen-ng=127.0.0.1:22222",
                        "--listen-tcp-ng=127.0.0.1:22224",
                        "--dtmf-log-ng-tcp",
                        "--port-min=30000",
                        "--port-max=30299",
                        "--recording-dir=/tmp/rec",
                        "--recording-method=pcap");
    }

    @Test
    void coturnForAgentsOnOtherMachinesListensEverywhereButRelaysOnLoopback() {
        CoturnServer server = new CoturnServer(
                13478,
                new Ports.UdpRange(30300, 30398),
                "s3cret",
                Path.of("/tmp/turn"),
                Path.of("/tmp/t.log"),
                "0.0.0.0");

        assertThat(server.command(Path.of("/usr/bin/turnserver")))
                .contains("--listening-ip=0.0.0.0", "--relay-ip=127.0.0.1", "--use-auth-secret")
                .doesNotContain("--listening-ip=127.0.0.1");
    }

    @Test
    void coturnUsesTheRestApiSecretOnLoopbackOnly() {
        CoturnServer server = new CoturnServer(
                13478, new Ports.UdpRange(30300, 30398), "s3cret", Path.of("/tmp/turn"), Path.of("/tmp/t.log"));

        assertThat(server.command(Path.of("/usr/bin/turnserver")))
                .contains(
                        "--listening-ip=127.0.0.1",
                        "--relay-ip=127.0.0.1",
                        "--listening-port=13478",
                        "--use-auth-secret",
                        "--static-auth-secret=s3cret",
                        "--min-port=30300",
                        "--max-port=30398");
    }

    @Test
    void serviceIsHealthyOnlyWhenUp() {
        assertThat(Platform.isUp("{\"status\":\"UP\",\"groups\":[\"liveness\"]}"))
                .isTrue();
        assertThat(Platform.isUp("{\"status\":\"DOWN\"}")).isFalse();
        assertThat(Platform.isUp("{\"status\":\"OUT_OF_SERVICE\"}")).isFalse();
        assertThat(Platform.isUp("<html/>")).isFalse();
    }

    @Test
    void serviceUrlVariablesFollowTheServiceNames() {
        assertThat(new Platform.Service("tenant-service", Path.of("x.jar"), 1).urlVariable())
                .isEqualTo("CC_TENANT_SERVICE_URL");
        assertThat(new Platform.Service("call-cloud", Path.of("x.jar"), 1).urlVariable())
                .isEqualTo("CC_CALL_CLOUD_URL");
        assertThat(new Platform.Service("auth-server", Path.of("x.jar"), 1).urlVariable())
                .isEqualTo("CC_AUTH_SERVER_URL");
    }
}
