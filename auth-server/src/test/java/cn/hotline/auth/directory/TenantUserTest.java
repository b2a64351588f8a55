package cn.hotline.auth.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

class TenantUserTest {

    @Test
    void survivesTheRoundTripThroughAnAuthentication() {
        TenantUser user = new TenantUser("u-1", "nanning", "nanning.qingxiu", List.of("AGENT", "SUPERVISOR"), "李四");

        Authentication authentication = user.toAuthentication(Instant.parse("2026-11-23T08:00:00Z"));

        assertThat(authentication.getName()).isEqualTo("u-1");
        assertThat(TenantUser.fromAuthentication(authentication)).contains(user);
        assertThat(authentication.getAuthorities())
                .filteredOn(FactorGrantedAuthority.class::isInstance)
                .singleElement()
                .satisfies(a -> assertThat(((FactorGrantedAuthority) a).getIssuedAt())
                        .isEqualTo(Instant.parse("2026-11-23T08:00:00Z")));
    }

    @Test
    void anAuthenticationWithoutATenantIsNoPlatformUser() {
        assertThat(TenantUser.fromAuthentication(new TestingAuthenticationToken("x", "y", "ROLE_AGENT")))
                .isEmpty();
        assertThat(TenantUser.fromAuthentication(null)).isEmpty();
    }

    @Test
    void missingNameFallsBackToTheUserIdAndBlankScopeUnitToNone() {
        TenantUser user = new TenantUser("u-2", "shushan", " ", null, null);

        assertThat(user.displayName()).isEqualTo("u-2");
        assertThat(user.scopeUnit()).isNull();
        assertThat(user.roles()).isEmpty();
    }
}
