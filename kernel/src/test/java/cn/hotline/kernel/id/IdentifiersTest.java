package cn.hotline.kernel.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"shushan", "xuzhou-yb", "nanning", "abc"})
    void acceptsTenantSlugs(String slug) {
        assertThat(TenantId.of(slug).value()).isEqualTo(slug);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ab",
                "Shushan",
                "1shushan",
                "shushan-",
                "shu shan",
                "shushan'; drop table note; --",
                "蜀山区",
                "nanning.qingxiu",
                "a-very-long-tenant-slug-that-exceeds"
            })
    void rejectsAnythingThatIsNotASlug(String bad) {
        assertThatThrownBy(() -> TenantId.of(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant id");
    }

    @Test
    void workstationKnowsItsTenant() {
        WorkstationId qingxiu = WorkstationId.of("nanning.qingxiu");

        assertThat(qingxiu.tenant()).isEqualTo(TenantId.of("nanning"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nanning", "nanning.", ".qingxiu", "nanning.qing xiu", "nanning.qingxiu.x"})
    void rejectsMalformedWorkstations(String bad) {
        assertThatThrownBy(() -> WorkstationId.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsASafeCallerRequestIdAndReplacesAnUnsafeOne() {
        assertThat(RequestId.fromHeaderOrGenerate("abc-123-def").value()).isEqualTo("abc-123-def");
        assertThat(RequestId.fromHeaderOrGenerate("x\r\nSet-Cookie: a=b").value())
                .doesNotContain("\n")
                .hasSize(36);
        assertThat(RequestId.fromHeaderOrGenerate(null).value()).hasSize(36);
    }

    @Test
    void redisPrefixFollowsTheDesign() {
        assertThat(TenantId.of("shushan").redisPrefix()).isEqualTo("t:shushan:");
    }

    @Test
    void parsesOnlyUuids() {
        assertThat(CallId.parse("3f0f7a52-94b4-4b39-9f5e-0f6fd3e0ac11").toString())
                .isEqualTo("3f0f7a52-94b4-4b39-9f5e-0f6fd3e0ac11");
        assertThatThrownBy(() -> TicketId.parse("T-1")).hasMessageContaining("not a UUID");
    }
}
