package cn.hotline.ticket.knowledge;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One line of an entry's history: who did what, and the content as it was then. */
public record EntryVersion(
        int version,
        String action,
        EntryStatus status,
        String title,
        String body,
        List<String> tags,
        String category,
        String changedBy,
        Instant changedAt,
        @Nullable String note) {}
