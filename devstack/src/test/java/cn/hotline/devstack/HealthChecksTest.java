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
