package cn.hotline.auth.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.auth.AuthProperties;
import cn.hotline.auth.directory.TenantDirectory;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The stated policy when tenant-service cannot be reached. */
class IssuerGateTest {

    private final IssuerGate gate = new IssuerGate(new TenantDirectory(
            new AuthProperties(
                    URI.create("http://127.0.0.1:" + closedPort()),
                    "t",
                    URI.create("http://gw"),
                    "s",
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ofHours(13),
                    null),
            Clock.systemUTC()));

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockHttpServletResponse call(String path, AtomicBoolean passed) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(new MockHttpServletRequest("POST", path), response, (req, res) -> passed.set(true));
        return response;
    }

    @Test
    void tokenIssuingPathsFailClosedWhenTheDirectoryIsDown() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();

        MockHttpServletResponse response = call("/t/shushan/oauth2/token", passed);

        assertThat(passed).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("\"code\":\"DEPENDENCY_DOWN\"");
    }

    @Test
    void publicKeysStayAvailableWhenTheDirectoryIsDown() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();

        call("/t/shushan/oauth2/jwks", passed);

        assertThat(passed).isTrue();
    }

    @Test
    void thePlatformIssuerNeedsNoDirectory() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();

        call("/t/platform/oauth2/token", passed);

        assertThat(passed).isTrue();
    }

    @Test
    void everythingOutsideIssuersPassesUntouched() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();

        call("/actuator/health", passed);

        assertThat(passed).isTrue();
    }
}
