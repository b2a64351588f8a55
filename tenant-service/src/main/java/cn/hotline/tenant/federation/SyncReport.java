package cn.hotline.tenant.federation;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The answer to a sync batch: counts and one line per row, in the order sent. */
public record SyncReport(
        int total, int created, int updated, int deactivated, int unchanged, int failed, List<Row> rows) {

    public SyncReport {
        rows = List.copyOf(rows);
    }

    /** What happened to row {@code index} (0-based); {@code message} says why a row {@code FAILED}. */
    public record Row(
            int index, @Nullable String subject, Outcome outcome, @Nullable UUID userId, @Nullable String message) {}

    /**
     * {@code CREATED} a new account and link; {@code LINKED} an existing local account with the same username to the
     * subject (and brought it in step); {@code UPDATED}; {@code DEACTIVATED}; {@code UNCHANGED} (already in step, or
     * inactive and never linked); {@code FAILED} (nothing of this row changed).
     */
    public enum Outcome {
        CREATED,
        LINKED,
        UPDATED,
        DEACTIVATED,
        UNCHANGED,
        FAILED
    }

    static SyncReport of(List<Row> rows) {
        int created = 0, updated = 0, deactivated = 0, unchanged = 0, failed = 0;
        for (Row row : rows) {
            switch (row.outcome()) {
                case CREATED -> created++;
                case LINKED, UPDATED -> updated++;
                case DEACTIVATED -> deactivated++;
                case UNCHANGED -> unchanged++;
                case FAILED -> failed++;
            }
        }
        return new SyncReport(rows.size(), created, updated, deactivated, unchanged, failed, rows);
    }
}
