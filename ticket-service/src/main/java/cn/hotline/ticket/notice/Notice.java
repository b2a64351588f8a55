package cn.hotline.ticket.notice;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notice as the API shows it.
 *
 * @param kind {@code URGED} (催办), {@code SUPERVISED} (督办) or {@code WARNING} (黄灯 / 红灯, with {@code level} and the
 *     {@code limit} that runs out)
 * @param recipientUnit the unit that must act, or null when the centre must
 * @param recipientScope {@code unit:<code>}, the centre's workstation, or null for the whole centre
 */
public record Notice(
        UUID id,
        UUID ticket,
        int ledgerSeq,
        String kind,
        @Nullable String level,
        @Nullable String limit,
        @Nullable String recipientUnit,
        @Nullable String recipientScope,
        String note,
        Instant createdAt,
        @Nullable Instant publishedAt,
        @Nullable Instant readAt,
        @Nullable String readBy) {}
