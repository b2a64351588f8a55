package cn.hotline.tenant.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.quota.TenantQuotas;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantDocumentTest {

    static TenantDocument document(
            String slug, List<String> numbers, List<TenantDocument.WorkstationDocument> stations) {
        return new TenantDocument(
                slug,
                "南宁市12345",
                "city",
                numbers,
                stations,
                new TenantDocument.AdminDocument("admin", "管理员", "a-long-initial-secret"),
                null);
    }

    @Test
    void shortWorkstationIdsArePrefixedWithTheTenantAndDefaultQuotasApply() {
        TenantSpec spec = document(
                        "nanning",
                        List.of("12345"),
                        List.of(
                                new TenantDocument.WorkstationDocument("qingxiu", "青秀区"),
                                new TenantDocument.WorkstationDocument("nanning.jiangnan", "江南区")))
                .toSpec();
        assertThat(spec.workstations())
                .extracting(w -> w.id().value())
                .containsExactly("nanning.qingxiu", "nanning.jiangnan");
        assertThat(spec.kind()).isEqualTo(TenantSpec.Kind.CITY);
        assertThat(spec.quotas()).isEqualTo(TenantQuotas.defaults());
    }

    @Test
    void aSpecSurvivesTheRoundTripThroughItsDocument() {
        TenantSpec spec = document(
                        "nanning",
                        List.of("12345", "07715512345"),
                        List.of(new TenantDocument.WorkstationDocument("qingxiu", "青秀区")))
                .toSpec();
        assertThat(TenantDocument.of(spec).toSpec()).isEqualTo(spec);
    }

    @Test
    void theErasedPasswordIsNotPartOfTheComparison() {
        TenantSpec spec = document("nanning", List.of("12345"), List.of()).toSpec();
        assertThat(spec.withoutSecrets()).isNotEqualTo(spec);
        assertThat(spec.withoutSecrets().withoutSecrets()).isEqualTo(spec.withoutSecrets());
        assertThat(spec.withoutSecrets().admin().passwordErased()).isTrue();
        assertThat(spec.admin().toString()).doesNotContain("a-long-initial-secret");
    }

    @Test
    void invalidInputIsAValidationProblemNamingTheField() {
        assertThatThrownBy(
                        () -> document("Nanning!", List.of("12345"), List.of()).toSpec())
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.VALIDATION_FAILED))
                .hasMessageContaining("tenant id");
        assertThatThrownBy(() -> document("nanning", List.of(), List.of()).toSpec())
                .hasMessageContaining("hotline numbers");
        assertThatThrownBy(() -> document("nanning", List.of("12345", "12345"), List.of())
                        .toSpec())
                .hasMessageContaining("repeat");
        assertThatThrownBy(() -> document(
                                "nanning",
                                List.of("12345"),
                                List.of(new TenantDocument.WorkstationDocument("shushan.x1", "别人的")))
                        .toSpec())
                .hasMessageContaining("does not belong");
        assertThatThrownBy(
                        () -> document("platform", List.of("12345"), List.of()).toSpec())
                .hasMessageContaining("reserved");
        assertThatThrownBy(
                        () -> new TenantDocument("nanning", null, "CITY", List.of("12345"), null, null, null).toSpec())
                .hasMessageContaining("admin is required");
        assertThatThrownBy(() -> new TenantDocument(
                                "nanning",
                                "n",
                                "CITY",
                                List.of("12345"),
                                null,
                                new TenantDocument.AdminDocument("admin", "管理员", "short"),
                                null)
                        .toSpec())
                .hasMessageContaining("12 to 128");
    }
}
