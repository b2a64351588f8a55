package cn.hotline.tenant.directory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.provisioning.TenantSpec;
import cn.hotline.tenant.quota.TenantQuotas;
import cn.hotline.tenant.testing.TenantServiceTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo accounts step (only a bean with cc.tenant.demo.enabled, so built here by hand), run twice. */
@TenantServiceTest
class DemoDirectoryIT {

    @Autowired
    UserAccounts users;

    @Autowired
    Organisation organisation;

    @Autowired
    Roles roles;

    @Autowired
    SignIn signIn;

    private static TenantSpec spec(String slug) {
        return new TenantSpec(
                TenantId.of(slug),
                "demo " + slug,
                TenantSpec.Kind.DISTRICT,
                List.of("12345"),
                List.of(),
                new TenantSpec.AdminAccount("admin", "管理员", "Hotline-Demo-2026!"),
                new TenantQuotas(20, 20, 102_400, 50));
    }

    @Test
    void demoUsersAndSeatsAreSeededIdempotently() {
        DemoDirectory demo = new DemoDirectory(users, organisation, roles);
        for (String slug : List.of("shushan", "nanning")) {
            roles.provisionDefaults(slug).block();
            for (int run = 0; run < 2; run++) {
                demo.apply(spec(slug)).block(Duration.ofMinutes(2));
            }
        }
        TenantContext shushan = TenantContext.of(TenantId.of("shushan"));
        assertThat(users.list(shushan).collectList().block())
                .extracting(UserView::username)
                .contains("manager", "agent01", "agent13")
                .doesNotHaveDuplicates();
        assertThat(organisation.seats(shushan).collectList().block())
                .extracting(Organisation.Seat::seatNo)
                .contains("1000", "1001", "1013")
                .doesNotHaveDuplicates();

        // a Qingxiu workstation user sees its supervisor and six agents only
        TenantContext qingxiu = TenantContext.of(WorkstationId.of("nanning.qingxiu"));
        assertThat(users.list(qingxiu).collectList().block())
                .extracting(UserView::username)
                .containsExactlyInAnyOrder(
                        "qingxiu-sup", "qingxiu01", "qingxiu02", "qingxiu03", "qingxiu04", "qingxiu05", "qingxiu06");
    }

    @Test
    void thePlatformOperatorSignsInWithTheDemoPassword() {
        new DemoDirectory(users, organisation, roles).seedOperator();
        AuthenticationResult result = reactor.core.publisher.Mono.defer(
                        () -> signIn.authenticate("platform", "operator", DemoDirectory.PASSWORD))
                .filter(r -> r instanceof AuthenticationResult.Authenticated)
                .repeatWhenEmpty(10, f -> f.delayElements(Duration.ofMillis(500)))
                .block(Duration.ofSeconds(30));
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Authenticated.class, a -> {
            assertThat(a.tenant()).isEqualTo("platform");
            assertThat(a.roles()).containsExactly("OPERATOR");
        });
    }
}
