package cn.hotline.ticket.city;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A ticket the city platform transferred to this tenant (市级平台转办工单), as read from its push after the tenant's
 * field mapping.
 *
 * @param cityTicketNo the city's own number for it; one ticket per number and tenant
 * @param title a short subject
 * @param content what the citizen asked or reported
 * @param category the city's category code, if any (GB/T 39666 where the city uses it)
 * @param urgency {@code NORMAL} or {@code URGENT}
 * @param callerName the citizen's name, if given
 * @param callerPhone the citizen's number, if given
 * @param confidential 保密: the citizen asked that their identity be kept from the handling unit
 * @param address where it happened, if given
 * @param dueAt the city's own deadline, if given
 * @param attachments files sent inline with the push (photos, documents, recordings)
 */
public record CityTicket(
        String cityTicketNo,
        String title,
        String content,
        @Nullable String category,
        Urgency urgency,
        @Nullable String callerName,
        @Nullable String callerPhone,
        boolean confidential,
        @Nullable String address,
        @Nullable Instant dueAt,
        java.util.List<CityAttachment> attachments) {

    public enum Urgency {
        NORMAL,
        URGENT
    }

    /** A transfer without files. */
    public CityTicket(
            String cityTicketNo,
            String title,
            String content,
            @Nullable String category,
            Urgency urgency,
            @Nullable String callerName,
            @Nullable String callerPhone,
            boolean confidential,
            @Nullable String address,
            @Nullable Instant dueAt) {
        this(
                cityTicketNo,
                title,
                content,
                category,
                urgency,
                callerName,
                callerPhone,
                confidential,
                address,
                dueAt,
                java.util.List.of());
    }

    public CityTicket {
        attachments = java.util.List.copyOf(attachments == null ? java.util.List.of() : attachments);
        if (attachments.size() > 20) {
            throw new CityFields.InvalidField("attachments", "may hold at most 20 files");
        }
        CityFields.requireText("cityTicketNo", cityTicketNo, 64);
        CityFields.requireText("title", title, 200);
        CityFields.requireText("content", content, 20_000);
        CityFields.optionalText("category", category, 64);
        CityFields.optionalText("callerName", callerName, 100);
        CityFields.optionalText("callerPhone", callerPhone, 32);
        CityFields.optionalText("address", address, 500);
        if (urgency == null) {
            throw new CityFields.InvalidField("urgency", "must be NORMAL or URGENT");
        }
    }
}
