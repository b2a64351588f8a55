package cn.hotline.ticket.ticket;

import cn.hotline.ticket.ticket.domain.AttachmentRef;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The payload of every ticket event on {@code persistent://<tenant>/tickets/ticket-events} (version 1), inside the
 * kernel's {@code EventEnvelope} whose {@code type} is the ledger event's name ({@code TicketSignedFor},
 * {@code TicketReplied}, {@code TicketClosed} …). It never carries the citizen's personal data; consumers that need
 * it (the city exchange) read the ticket through {@link TicketManagement}.
 *
 * @param seq the ledger sequence number; with {@code ticket} a natural idempotency key
 * @param status the ticket's status after the step
 * @param details the ledger event's own fields as JSON
 */
public record TicketEventMessage(
        String ticket,
        int seq,
        String type,
        String status,
        String channel,
        String urgency,
        @Nullable String externalRef,
        @Nullable String mainUnit,
        List<String> coUnits,
        boolean hard,
        String actor,
        String actorKind,
        @Nullable String actorUnit,
        Instant at,
        List<AttachmentRef> attachments,
        JsonNode details) {}
