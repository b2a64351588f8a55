package cn.hotline.tenant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.provisioning.TenantProvisioning;
import cn.hotline.tenant.provisioning.TenantSpec;
import cn.hotline.tenant.provisioning.TenantView;
import cn.hotline.tenant.registry.TenantStatus;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Flux;

/**
 * The demo tenants, provisioned through the same facade the API uses (the bean itself is only created with
 * {@code cc.tenant.demo.enabled}); twice, as a restart would.
 */
@TenantServiceTest
class DemoTenantsIT {

    @LocalServerPort
    int port;

    @Autowired
    TenantProvisioning provisioning;

    @Test
    void demoTenantsAreProvisionedIdempotentlyWithNanningsDistrictsAsWorkstations() {
        DemoTenants demo = new DemoTenants(provisioning, new DemoProperties(true, null));
        List<TenantSpec> specs = demo.specs();
        for (int run = 0; run < 2; run++) {
            List<TenantView> views = Flux.fromIterable(specs)
                    .concatMap(demo::provision)
                    .collectList()
                    .block(Duration.ofSeconds(120));
            assertThat(views).extracting(TenantView::slug).containsExactly("shushan", "xuzhou-yb", "nanning");
            assertThat(views).extracting(TenantView::status).containsOnly(TenantStatus.ACTIVE);
        }

        TestClients.bearer(port, TestTokens.user("nanning", Role.SUPERVISOR))
                .get()
                .uri("/tenants/nanning/workstations")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].id")
                .isEqualTo(List.of(
                        "nanning.jiangnan",
                        "nanning.liangqing",
                        "nanning.qingxiu",
                        "nanning.xingning",
                        "nanning.xixiangtang"));
        // a workstation user sees only their own workstation (row-level security on app.scope_unit)
        TestClients.bearer(port, TestTokens.user("nanning", List.of(Role.AGENT), "nanning.qingxiu"))
                .get()
                .uri("/tenants/nanning/workstations")
                .exchange()
                .expectBody()
                .jsonPath("$[*].name")
                .isEqualTo(List.of("青秀区"));
        // another tenant's user gets 404, and sees nothing of Nanning
        TestClients.bearer(port, TestTokens.user("shushan", Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/nanning/workstations")
                .exchange()
                .expectStatus()
                .isNotFound();
        TestClients.bearer(port, TestTokens.user("shushan", Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/shushan/workstations")
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }
}
