package cn.hotline.tenant.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantQuotasTest {

    @Test
    void everyKindHasAPathSegmentThatMapsBack() {
        for (QuotaKind kind : QuotaKind.values()) {
            assertThat(QuotaKind.fromSegment(kind.segment())).contains(kind);
        }
        assertThat(QuotaKind.CONCURRENT_CALLS.segment()).isEqualTo("concurrent-calls");
        assertThat(QuotaKind.fromSegment("parking-spaces")).isEmpty();
    }

    @Test
    void limitsAreNeverNegative() {
        assertThatThrownBy(() -> new TenantQuotas(-1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TenantQuotas(0, 0, 0, 0).limit(QuotaKind.SEATS)).isZero();
    }

    @Test
    void theMapHoldsEveryKind() {
        TenantQuotas quotas = new TenantQuotas(1, 2, 3, 4);
        assertThat(quotas.asMap())
                .containsEntry(QuotaKind.SEATS, 1L)
                .containsEntry(QuotaKind.CONCURRENT_CALLS, 2L)
                .containsEntry(QuotaKind.RECORDING_STORAGE_MB, 3L)
                .containsEntry(QuotaKind.API_REQUESTS_PER_SECOND, 4L);
    }

    @Test
    void anExceededQuotaIsATenantQuotaExceededProblemWithTheNumbers() {
        var problem = QuotaManagement.exceeded(
                cn.hotline.kernel.id.TenantId.of("shushan"),
                new QuotaDecision.Exceeded(new QuotaUsage(QuotaKind.SEATS, 20, 20), 1));
        assertThat(problem.code()).isEqualTo(cn.hotline.kernel.problem.ProblemCode.TENANT_QUOTA_EXCEEDED);
        assertThat(problem.properties())
                .containsEntry("limit", 20L)
                .containsEntry("used", 20L)
                .containsEntry("quota", "seats");
    }
}
