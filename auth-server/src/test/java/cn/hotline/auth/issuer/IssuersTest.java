package cn.hotline.auth.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.TenantId;
import org.junit.jupiter.api.Test;

class IssuersTest {

    @Test
    void findsTheTenantOfIssuerPaths() {
        assertThat(Issuers.tenantOfPath("/t/shushan/oauth2/token")).contains(TenantId.of("shushan"));
        assertThat(Issuers.tenantOfPath("/t/xuzhou-yb")).contains(TenantId.of("xuzhou-yb"));
        assertThat(Issuers.tenantOfPath("/.well-known/openid-configuration/t/nanning"))
                .contains(TenantId.of("nanning"));
    }

    @Test
    void pathsWithoutAValidTenantHaveNone() {
        assertThat(Issuers.tenantOfPath("/oauth2/token")).isEmpty();
        assertThat(Issuers.tenantOfPath("/t/Bad_Slug/login")).isEmpty();
        assertThat(Issuers.tenantOfPath("/t//login")).isEmpty();
        assertThat(Issuers.tenantOfPath("/tenants/shushan")).isEmpty();
    }

    @Test
    void findsTheTenantOfAnIssuerUrl() {
        assertThat(Issuers.tenantOfIssuer("https://hotline.example.cn/api/auth/t/shushan"))
                .isEqualTo(TenantId.of("shushan"));
        assertThatThrownBy(() -> Issuers.tenantOfIssuer("https://hotline.example.cn/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
