package cn.hotline.kernel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final TenantId NANNING = TenantId.of("nanning");

    @Test
    void onlyThePlatformCarriesTheOperatorRole() {
        assertThatThrownBy(() -> new Caller("u1", NANNING, null, Set.of(Role.OPERATOR), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPERATOR");
        assertThat(new Caller("op", Caller.PLATFORM, null, Set.of(Role.OPERATOR), null).isPlatform())
                .isTrue();
    }

    @Test
    void workstationScopeMustBelongToTheCallersTenant() {
        assertThatThrownBy(
                        () -> new Caller("u1", TenantId.of("shushan"), ScopeUnit.of("nanning.qingxiu"), Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantContextCarriesTheScopeUnit() {
        Caller unitUser = new Caller("u2", NANNING, ScopeUnit.unit("qingxiu-jtj"), Set.of(Role.UNIT_USER), "张三");

        assertThat(unitUser.tenantContext()).isEqualTo(TenantContext.of(NANNING, ScopeUnit.of("unit:qingxiu-jtj")));
    }

    @Test
    void operatorWorksAsThePlatform() {
        Caller operator = new Caller("op", Caller.PLATFORM, null, Set.of(Role.OPERATOR), null);

        assertThat(operator.tenantContext()).isInstanceOf(TenantContext.Platform.class);
    }

    @Test
    void scopeUnitsAreWorkstationsOrHandlingUnits() {
        assertThat(ScopeUnit.of("nanning.qingxiu").workstation()).isPresent();
        assertThat(ScopeUnit.of("unit:qingxiu-jtj").unitCode()).contains("qingxiu-jtj");
        assertThatThrownBy(() -> ScopeUnit.of("unit:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScopeUnit.of("qingxiu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScopeUnit.of("unit:'; drop")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void internalTokenMatchesOnlyItself() {
        InternalToken token = new InternalToken("0123456789abcdef");

        assertThat(token.matches("0123456789abcdef")).isTrue();
        assertThat(token.matches("0123456789abcdeF")).isFalse();
        assertThat(token.matches("0123456789abcdef0")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }
}
