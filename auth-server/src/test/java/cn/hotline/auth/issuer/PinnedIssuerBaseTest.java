package cn.hotline.auth.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class PinnedIssuerBaseTest {

    private HttpServletRequest seenBehind(PinnedIssuerBase filter, MockHttpServletRequest request) throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set((HttpServletRequest) req));
        return seen.get();
    }

    @Test
    void requestsLookAsIfTheyArrivedAtTheConfiguredBase() throws Exception {
        MockHttpServletRequest request =
                new MockHttpServletRequest("GET", "/t/shushan/.well-known/openid-configuration");
        request.setServerName("127.0.0.1");
        request.setServerPort(18084);

        HttpServletRequest seen =
                seenBehind(new PinnedIssuerBase(URI.create("https://hotline.example.cn/api/auth")), request);

        assertThat(seen.getRequestURL())
                .hasToString("https://hotline.example.cn/api/auth/t/shushan/.well-known/openid-configuration");
        assertThat(seen.getContextPath()).isEqualTo("/api/auth");
    }

    @Test
    void forwardedHeadersFromCallersAreIgnored() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/t/shushan/oauth2/jwks");
        request.addHeader("X-Forwarded-Host", "evil.example");
        request.addHeader("X-Forwarded-Prefix", "/evil");
        request.addHeader("Forwarded", "host=evil.example;proto=http");

        HttpServletRequest seen = seenBehind(new PinnedIssuerBase(URI.create("https://auth.example.cn")), request);

        assertThat(seen.getRequestURL()).hasToString("https://auth.example.cn/t/shushan/oauth2/jwks");
        assertThat(seen.getHeader("X-Forwarded-Host")).isNull();
    }
}
