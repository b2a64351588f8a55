package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.UnitCode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A ticket as the API shows it. Units never see the citizen of a confidential (保密) ticket, and see other
 * citizens' numbers masked ({@code 138****8000}); the centre sees them in full.
 */
public record TicketView(
        String id,
        int version,
        String status,
        String channel,
        String kind,
        String category,
        String urgency,
        boolean confidential,
        @Nullable CitizenView citizen,
        String content,
        @Nullable String address,
        @Nullable String area,
        @Nullable String externalRef,
        @Nullable String mainUnit,
        List<String> coUnits,
        List<String> secondLevelUnits,
        boolean hard,
        int dissatisfiedCount,
        @Nullable String satisfaction,
        @Nullable String answer,
        List<String> calls,
        List<String> duplicates,
        @Nullable String mergedInto,
        List<String> warnings,
        int returnCount,
        int extensionCount,
        int extensionDays,
        int urgeCount,
        int superviseCount,
        Instant openedAt,
        @Nullable Instant dispatchedAt,
        @Nullable Instant signedAt,
        @Nullable Instant answeredAt,
        @Nullable Instant closedAt,
        List<CallView> linkedCalls) {

    /**
     * A linked call as call-cloud's call events told it.
     *
     * @param agent the user id of the agent who answered it, when known
     * @param recording where media's recording archive keeps the call's recording if it was recorded: object key
     *     {@code calls/<call>.wav} in the tenant's recordings bucket (played through call-cloud / media's audited
     *     links; this service does not know whether the call was recorded)
     */
    public record CallView(
            String call,
            @Nullable String agent,
            @Nullable Instant answeredAt,
            @Nullable Instant endedAt,
            String recording) {

        public static CallView unknown(CallId call) {
            return new CallView(call.toString(), null, null, null, recordingKey(call));
        }

        public static String recordingKey(CallId call) {
            return "calls/" + call + ".wav";
        }
    }

    /** This view with what is known of its calls (the rest stay {@link CallView#unknown}). */
    public TicketView withCalls(List<CallView> known) {
        List<CallView> merged = linkedCalls.stream()
                .map(c -> known.stream()
                        .filter(k -> k.call().equals(c.call()))
                        .findFirst()
                        .orElse(c))
                .toList();
        return new TicketView(
                id,
                version,
                status,
                channel,
                kind,
                category,
                urgency,
                confidential,
                citizen,
                content,
                address,
                area,
                externalRef,
                mainUnit,
                coUnits,
                secondLevelUnits,
                hard,
                dissatisfiedCount,
                satisfaction,
                answer,
                calls,
                duplicates,
                mergedInto,
                warnings,
                returnCount,
                extensionCount,
                extensionDays,
                urgeCount,
                superviseCount,
                openedAt,
                dispatchedAt,
                signedAt,
                answeredAt,
                closedAt,
                merged);
    }

    public record CitizenView(@Nullable String name, String phone, @Nullable String contact) {}

    public static TicketView of(Ticket t, boolean forUnit) {
        Citizen c = t.opened().citizen();
        CitizenView citizen = !forUnit
                ? new CitizenView(c.name(), c.phone(), c.contact())
                : t.opened().confidential() ? null : new CitizenView(c.name(), mask(c.phone()), null);
        return new TicketView(
                t.id().toString(),
                t.version(),
                t.status().name(),
                t.opened().channel().name(),
                t.opened().kind().name(),
                t.opened().category(),
                t.opened().urgency().name(),
                t.opened().confidential(),
                citizen,
                t.opened().content(),
                t.opened().address(),
                t.opened().area(),
                t.opened().externalRef(),
                t.mainUnit() == null ? null : t.mainUnit().value(),
                t.coUnits().stream().map(UnitCode::value).toList(),
                t.secondLevelUnits().stream().map(UnitCode::value).toList(),
                t.hard(),
                t.dissatisfiedCount(),
                t.satisfaction() == null ? null : t.satisfaction().name(),
                t.answer(),
                t.calls().stream().map(CallId::toString).toList(),
                t.duplicates().stream().map(TicketId::toString).toList(),
                t.mergedInto() == null ? null : t.mergedInto().toString(),
                t.warnings().stream().sorted().toList(),
                t.returnCount(),
                t.extensionCount(),
                t.extensionDays(),
                t.urgeCount(),
                t.superviseCount(),
                t.openedAt(),
                t.dispatchedAt(),
                t.signedAt(),
                t.answeredAt(),
                t.closedAt(),
                t.calls().stream().map(CallView::unknown).toList());
    }

    /** {@code 13800138000} → {@code 138****8000}; short numbers keep only their last two digits. */
    static String mask(String phone) {
        if (phone.length() >= 7) {
            return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
        }
        return "*".repeat(Math.max(0, phone.length() - 2)) + phone.substring(Math.max(0, phone.length() - 2));
    }
}
