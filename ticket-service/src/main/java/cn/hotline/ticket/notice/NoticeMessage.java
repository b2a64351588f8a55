package cn.hotline.ticket.notice;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a {@code NoticeIssued} envelope on {@code persistent://{tenant}/notices/notices}, version 1: what the
 * console shows and the SMS module texts. No personal data (no citizen, no number).
 */
public record NoticeMessage(
        String notice,
        String ticket,
        int ledgerSeq,
        String kind,
        @Nullable String level,
        @Nullable String limit,
        @Nullable String recipientUnit,
        @Nullable String recipientScope,
        String note,
        String category,
        String urgency,
        String status,
        @Nullable String externalRef,
        String actor,
        Instant at) {}
