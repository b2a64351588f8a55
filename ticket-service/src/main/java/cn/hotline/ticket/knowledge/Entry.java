package cn.hotline.ticket.knowledge;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A knowledge entry as stored: its content, workflow status and version. */
public record Entry(
        UUID id,
        EntryContent content,
        EntryStatus status,
        int version,
        String owner,
        String updatedBy,
        Instant updatedAt) {

    /** Whether it may be searched, cited and answered from on {@code day}. */
    public boolean liveOn(LocalDate day) {
        return status == EntryStatus.PUBLISHED
                && (content.validFrom() == null || !content.validFrom().isAfter(day))
                && (content.validTo() == null || !content.validTo().isBefore(day));
    }
}
