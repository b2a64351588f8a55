package cn.hotline.ticket.knowledge;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A question put to a handling unit (问询); once answered, its answer waits in review as a new entry. */
public record UnitQuestion(
        UUID id,
        String unitCode,
        String question,
        String category,
        String askedBy,
        Instant askedAt,
        String status,
        @Nullable String answer,
        @Nullable String answeredBy,
        @Nullable UUID entryId) {}
