package cn.hotline.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class TrustBoundaryTest {

    private final TrustBoundary boundary =
            new TrustBoundary(List.of("X-Tenant", "X-Internal"), new SimpleMeterRegistry());

    @Test
    void forbidsHeadersWithAPlatformPrefixInAnyCase() {
        assertThat(boundary.isForbidden("X-Tenant-Id")).isTrue();
        assertThat(boundary.isForbidden("x-tenant")).isTrue();
        assertThat(boundary.isForbidden("X-INTERNAL-CALLER")).isTrue();
    }

    @Test
    void keepsOtherHeaders() {
        assertThat(boundary.isForbidden("X-Request-Id")).isFalse();
        assertThat(boundary.isForbidden("Authorization")).isFalse();
        assertThat(boundary.isForbidden("X-Tenan")).isFalse();
    }

    @Test
    void listsTheForbiddenHeadersOfARequest() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Tenant-Id", "other");
        headers.add("Accept", "application/json");
        headers.add("x-internal-token", "t");

        assertThat(boundary.forbiddenHeaders(headers)).containsExactlyInAnyOrder("X-Tenant-Id", "x-internal-token");
    }
}
