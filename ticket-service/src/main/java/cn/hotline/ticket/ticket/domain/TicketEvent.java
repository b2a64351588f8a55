package cn.hotline.ticket.ticket.domain;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened to a ticket, past tense. Each is one ledger entry's payload; replaying a ticket's events in order
 * gives the ticket ({@link Ticket#replay}). Only {@link TicketOpened} holds personal data (the {@link Citizen}).
 */
public sealed interface TicketEvent {

    default String type() {
        return getClass().getSimpleName();
    }

    /** Intake from any channel. */
    record TicketOpened(
            TicketId ticket,
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
            @Nullable String externalRef,
            @Nullable String workstation)
            implements TicketEvent {
        public TicketOpened {
            if (ticket == null || channel == null || kind == null || urgency == null || citizen == null) {
                throw new IllegalArgumentException("ticket, channel, kind, urgency and citizen are required");
            }
            category = Texts.required("category", category, 64);
            content = Texts.required("content", content, 4000);
            address = Texts.optional("address", address, 256);
            area = Texts.optional("area", area, 64);
            calls = List.copyOf(calls == null ? List.of() : calls);
            externalRef = Texts.optional("externalRef", externalRef, 64);
            workstation = Texts.optional("workstation", workstation, 128);
        }
    }

    record AnsweredDirectly(String answer) implements TicketEvent {}

    record SentForReview(String note) implements TicketEvent {}

    record TicketDispatched(UnitCode mainUnit, List<UnitCode> coUnits, String note) implements TicketEvent {
        public TicketDispatched {
            coUnits = List.copyOf(coUnits);
        }
    }

    record SecondLevelDispatched(UnitCode by, UnitCode subUnit, String note) implements TicketEvent {}

    record TicketSignedFor(UnitCode unit) implements TicketEvent {}

    record ReturnRequested(UnitCode unit, String reason) implements TicketEvent {}

    record ReturnReviewed(boolean approved, String note) implements TicketEvent {}

    record ExtensionRequested(UnitCode unit, int workingDays, String reason) implements TicketEvent {}

    record ExtensionReviewed(boolean approved, int workingDays, String note) implements TicketEvent {}

    record TicketSuspended(String reason) implements TicketEvent {}

    record TicketResumed(String note) implements TicketEvent {}

    record TicketTransferred(UnitCode from, UnitCode to, String reason) implements TicketEvent {}

    record TicketReplied(UnitCode unit, String content) implements TicketEvent {}

    record ResultReviewed(boolean approved, String note) implements TicketEvent {}

    record NoteAdded(@Nullable UnitCode unit, String text) implements TicketEvent {}

    record TicketUrged(String note) implements TicketEvent {}

    record TicketSupervised(String note) implements TicketEvent {}

    /**
     * @param dissatisfiedCount dissatisfied callbacks so far, this one included
     * @param madeHard whether this callback made it a hard ticket (疑难工单)
     */
    record CallbackRecorded(Satisfaction satisfaction, String note, int dissatisfiedCount, boolean madeHard)
            implements TicketEvent {}

    record TicketClosed(String note) implements TicketEvent {}

    record TicketArchived() implements TicketEvent {}

    record CallLinked(CallId call) implements TicketEvent {}

    record MergedInto(TicketId target, String note) implements TicketEvent {}

    record DuplicateAbsorbed(TicketId duplicate) implements TicketEvent {}

    record WarningRaised(String limit, WarningLevel level) implements TicketEvent {}
}
