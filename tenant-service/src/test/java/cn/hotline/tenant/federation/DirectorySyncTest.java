package cn.hotline.tenant.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectorySyncTest {

    private static Map<String, Object> row() {
        return Map.of(
                "subject", "gov-1",
                "username", "zhang.san",
                "displayName", "张三",
                "roles", List.of("AGENT"),
                "active", true);
    }

    @Test
    void aValidRowIsParsed() {
        List<DirectorySync.Parsed> parsed = DirectorySync.parse(List.of(row()));

        assertThat(parsed).hasSize(1);
        assertThat(parsed.getFirst().error()).isNull();
        assertThat(parsed.getFirst().row())
                .isEqualTo(new SyncRow("gov-1", "zhang.san", "张三", null, null, List.of("AGENT"), true));
    }

    @Test
    void malformedRowsBecomeReportedFailuresNamingTheField() {
        Map<String, Object> noActive = new java.util.HashMap<>(row());
        noActive.remove("active");
        Map<String, Object> rolesAsText = new java.util.HashMap<>(row());
        rolesAsText.put("roles", "AGENT");
        Map<String, Object> operator = new java.util.HashMap<>(row());
        operator.put("roles", List.of("OPERATOR"));
        Map<String, Object> noSubject = new java.util.HashMap<>(row());
        noSubject.remove("subject");

        List<DirectorySync.Parsed> parsed =
                DirectorySync.parse(List.of(noActive, rolesAsText, operator, noSubject, "not an object"));

        assertThat(parsed).extracting(DirectorySync.Parsed::row).containsOnlyNulls();
        assertThat(parsed)
                .extracting(DirectorySync.Parsed::error)
                .satisfiesExactly(
                        e -> assertThat(e).contains("active"),
                        e -> assertThat(e).contains("roles"),
                        e -> assertThat(e).contains("OPERATOR"),
                        e -> assertThat(e).contains("subject"),
                        e -> assertThat(e).contains("object"));
        assertThat(parsed.get(0).subject()).isEqualTo("gov-1");
    }

    @Test
    void theReportCountsOutcomes() {
        SyncReport report = SyncReport.of(List.of(
                new SyncReport.Row(0, "a", SyncReport.Outcome.CREATED, null, null),
                new SyncReport.Row(1, "b", SyncReport.Outcome.LINKED, null, null),
                new SyncReport.Row(2, "c", SyncReport.Outcome.UPDATED, null, null),
                new SyncReport.Row(3, "d", SyncReport.Outcome.DEACTIVATED, null, null),
                new SyncReport.Row(4, "e", SyncReport.Outcome.FAILED, null, "x")));

        assertThat(report.total()).isEqualTo(5);
        assertThat(report.created()).isEqualTo(1);
        assertThat(report.updated()).isEqualTo(2);
        assertThat(report.deactivated()).isEqualTo(1);
        assertThat(report.unchanged()).isZero();
        assertThat(report.failed()).isEqualTo(1);
    }
}
