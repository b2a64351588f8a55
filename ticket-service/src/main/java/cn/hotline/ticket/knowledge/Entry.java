package cn.hotline.ticket.knowledge;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A knowledge entry as stored: its content, workflow status and version.
 *
 * @param revises for a pending revision of a published entry, the live entry it will replace once approved
 */
public record Entry(
        UUID id,
        EntryContent content,
        EntryStatus status,
        int version,
        String owner,
        String updatedBy,
        Instant updatedAt,
        @Nullable UUID revises) {

    /** Whether it may be searched, cited and answered from on {@code day}. */
    public boolean liveOn(LocalDate day) {
        return status == EntryStatus.PUBLISHED
                && (content.validFrom() == null || !content.validFrom().isAfter(day))
                && (content.validTo() == null || !content.validTo().isBefore(day));
    }
}
