package cn.hotline.ticket.ticket;

import cn.hotline.kernel.crypto.PhoneNumbers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request to open a ticket, from any channel. The phone is normalised ({@link PhoneNumbers}) so every spelling of
 * a number finds the same tickets at screen pop.
 *
 * @param confidential 保密: the citizen's data is shown to the centre only, never to units
 * @param externalRef the city platform's ticket number, unique per tenant (intake from the city is idempotent on it)
 */
public record NewTicket(
        Channel channel,
        RequestKind kind,
        String category,
        Urgency urgency,
        boolean confidential,
        Citizen citizen,
        String content,
        @Nullable String address,
        @Nullable String area,
        List<CallId> calls,
        @Nullable String externalRef) {

    public NewTicket {
        if (channel == null || kind == null || urgency == null || citizen == null) {
            throw new IllegalArgumentException("channel, kind, urgency and citizen are required");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("category is required");
        }
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("content is required");
        }
        calls = List.copyOf(calls == null ? List.of() : calls);
    }

    /** A citizen whose phone is normalised; throws IllegalArgumentException for something that is no number. */
    public static Citizen citizen(@Nullable String name, String phone, @Nullable String contact) {
        return new Citizen(name, PhoneNumbers.normalise(phone), contact);
    }
}
