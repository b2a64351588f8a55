package cn.hotline.ticket.ticket.domain;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.ticket.ticket.domain.TicketCommand.AbsorbDuplicate;
import cn.hotline.ticket.ticket.domain.TicketCommand.AddNote;
import cn.hotline.ticket.ticket.domain.TicketCommand.AnswerDirectly;
import cn.hotline.ticket.ticket.domain.TicketCommand.Archive;
import cn.hotline.ticket.ticket.domain.TicketCommand.Callback;
import cn.hotline.ticket.ticket.domain.TicketCommand.Close;
import cn.hotline.ticket.ticket.domain.TicketCommand.Dispatch;
import cn.hotline.ticket.ticket.domain.TicketCommand.DispatchSecondLevel;
import cn.hotline.ticket.ticket.domain.TicketCommand.LinkCall;
import cn.hotline.ticket.ticket.domain.TicketCommand.MergeInto;
import cn.hotline.ticket.ticket.domain.TicketCommand.RaiseWarning;
import cn.hotline.ticket.ticket.domain.TicketCommand.Reply;
import cn.hotline.ticket.ticket.domain.TicketCommand.RequestExtension;
import cn.hotline.ticket.ticket.domain.TicketCommand.RequestReturn;
import cn.hotline.ticket.ticket.domain.TicketCommand.Resume;
import cn.hotline.ticket.ticket.domain.TicketCommand.ReviewExtension;
import cn.hotline.ticket.ticket.domain.TicketCommand.ReviewResult;
import cn.hotline.ticket.ticket.domain.TicketCommand.ReviewReturn;
import cn.hotline.ticket.ticket.domain.TicketCommand.SendForReview;
import cn.hotline.ticket.ticket.domain.TicketCommand.SignFor;
import cn.hotline.ticket.ticket.domain.TicketCommand.Supervise;
import cn.hotline.ticket.ticket.domain.TicketCommand.Transfer;
import cn.hotline.ticket.ticket.domain.TicketCommand.Urge;
import cn.hotline.ticket.ticket.domain.TicketEvent.AnsweredDirectly;
import cn.hotline.ticket.ticket.domain.TicketEvent.CallLinked;
import cn.hotline.ticket.ticket.domain.TicketEvent.CallbackRecorded;
import cn.hotline.ticket.ticket.domain.TicketEvent.DuplicateAbsorbed;
import cn.hotline.ticket.ticket.domain.TicketEvent.ExtensionRequested;
import cn.hotline.ticket.ticket.domain.TicketEvent.ExtensionReviewed;
import cn.hotline.ticket.ticket.domain.TicketEvent.MergedInto;
import cn.hotline.ticket.ticket.domain.TicketEvent.NoteAdded;
import cn.hotline.ticket.ticket.domain.TicketEvent.ResultReviewed;
import cn.hotline.ticket.ticket.domain.TicketEvent.ReturnRequested;
import cn.hotline.ticket.ticket.domain.TicketEvent.ReturnReviewed;
import cn.hotline.ticket.ticket.domain.TicketEvent.SecondLevelDispatched;
import cn.hotline.ticket.ticket.domain.TicketEvent.SentForReview;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketArchived;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketClosed;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketDispatched;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketOpened;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketReplied;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketResumed;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketSignedFor;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketSupervised;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketSuspended;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketTransferred;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketUrged;
import cn.hotline.ticket.ticket.domain.TicketEvent.WarningRaised;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ticket aggregate: an immutable value rebuilt from its ledger. {@link #decide} checks a command against the
 * state and the actor and returns the next ledger entry (or throws {@link IllegalTransition} / {@link NotTheHandler},
 * changing nothing); {@link #apply} folds an entry into the next ticket. The rules:
 *
 * <ul>
 *   <li>the centre answers, sends for review, dispatches, reviews returns / extensions / results, suspends, calls
 *       back, closes, archives, merges; the city platform and the system may open, urge and warn;
 *   <li>only the main unit signs for, returns, asks for an extension, transfers, replies and passes work to a
 *       second-level unit; co-units and second-level units may add notes;
 *   <li>a second dissatisfied callback makes the ticket hard (疑难) and it goes back to be dispatched again;
 *   <li>{@link TicketStatus#ARCHIVED} and {@link TicketStatus#MERGED} refuse everything.
 * </ul>
 *
 * @param version the sequence number of the last ledger entry applied
 * @param resumeStatus where a pending review or a suspension returns to
 * @param involvedUnits every unit the ticket was ever dispatched, transferred or passed to
 * @param pendingExtensionDays the working days an extension request under review asks for (0 when none is)
 */
public record Ticket(
        TicketOpened opened,
        Instant openedAt,
        int version,
        TicketStatus status,
        @Nullable TicketStatus resumeStatus,
        @Nullable UnitCode mainUnit,
        List<UnitCode> coUnits,
        List<UnitCode> secondLevelUnits,
        List<UnitCode> involvedUnits,
        List<CallId> calls,
        @Nullable String answer,
        int dissatisfiedCount,
        boolean hard,
        @Nullable Satisfaction satisfaction,
        int urgeCount,
        int superviseCount,
        int returnCount,
        int extensionCount,
        int extensionDays,
        int pendingExtensionDays,
        @Nullable Instant dispatchedAt,
        @Nullable Instant firstDispatchedAt,
        @Nullable Instant signedAt,
        @Nullable Instant answeredAt,
        @Nullable Instant closedAt,
        @Nullable Instant suspendedSince,
        Duration suspendedTotal,
        boolean directAnswer,
        @Nullable TicketId mergedInto,
        List<TicketId> duplicates,
        Set<String> warnings) {

    public Ticket {
        coUnits = List.copyOf(coUnits);
        secondLevelUnits = List.copyOf(secondLevelUnits);
        involvedUnits = List.copyOf(involvedUnits);
        calls = List.copyOf(calls);
        duplicates = List.copyOf(duplicates);
        warnings = Set.copyOf(warnings);
    }

    public TicketId id() {
        return opened.ticket();
    }

    /** The first ledger entry of a new ticket. */
    public static LedgerEntry open(TicketOpened opened, Actor actor, Instant at) {
        if (actor.kind() == Actor.Kind.UNIT) {
            throw new NotTheHandler("OpenTicket", "units do not take in tickets");
        }
        return new LedgerEntry(1, at, actor, opened, List.of());
    }

    /** The ticket a ledger describes; the entries must be the ticket's whole ledger, in order. */
    public static Ticket replay(List<LedgerEntry> ledger) {
        if (ledger.isEmpty() || !(ledger.getFirst().event() instanceof TicketOpened opened)) {
            throw new IllegalArgumentException("a ledger starts with TicketOpened");
        }
        Ticket ticket = started(opened, ledger.getFirst().at());
        for (LedgerEntry entry : ledger.subList(1, ledger.size())) {
            ticket = ticket.apply(entry);
        }
        return ticket;
    }

    private static Ticket started(TicketOpened opened, Instant at) {
        return new Ticket(
                opened,
                at,
                1,
                TicketStatus.RECEIVED,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                opened.calls(),
                null,
                0,
                false,
                null,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                Duration.ZERO,
                false,
                null,
                List.of(),
                Set.of());
    }

    /** Whether {@code unit} may see the ticket: it holds it now or had a part in it. */
    public boolean involves(UnitCode unit) {
        return involvedUnits.contains(unit);
    }

    /**
     * The next ledger entry for {@code command}, or a refusal. Pure: the ticket itself does not change.
     *
     * @throws IllegalTransition the state does not accept the command
     * @throws NotTheHandler the actor has no part in this command
     */
    public LedgerEntry decide(TicketCommand command, Actor actor, Instant at) {
        if (status.isFinal()) {
            throw refuse(
                    command,
                    status == TicketStatus.ARCHIVED
                            ? "an archived case file is immutable"
                            : "it was merged into ticket " + mergedInto);
        }
        TicketEvent event =
                switch (command) {
                    case AnswerDirectly c -> {
                        centre(command, actor);
                        in(command, TicketStatus.RECEIVED, TicketStatus.IN_REVIEW);
                        yield new AnsweredDirectly(c.answer());
                    }
                    case SendForReview c -> {
                        centre(command, actor);
                        in(command, TicketStatus.RECEIVED);
                        yield new SentForReview(c.note());
                    }
                    case Dispatch c -> {
                        centre(command, actor);
                        in(command, TicketStatus.RECEIVED, TicketStatus.IN_REVIEW);
                        yield new TicketDispatched(c.mainUnit(), c.coUnits(), c.note());
                    }
                    case DispatchSecondLevel c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.SIGNED);
                        if (c.subUnit().equals(unit) || secondLevelUnits.contains(c.subUnit())) {
                            throw refuse(command, "unit " + c.subUnit() + " already handles it");
                        }
                        yield new SecondLevelDispatched(unit, c.subUnit(), c.note());
                    }
                    case SignFor c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.DISPATCHED);
                        yield new TicketSignedFor(unit);
                    }
                    case RequestReturn c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.DISPATCHED, TicketStatus.SIGNED);
                        yield new ReturnRequested(unit, c.reason());
                    }
                    case ReviewReturn c -> {
                        centre(command, actor);
                        in(command, TicketStatus.RETURN_REQUESTED);
                        yield new ReturnReviewed(c.approved(), c.note());
                    }
                    case RequestExtension c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.SIGNED);
                        yield new ExtensionRequested(unit, c.workingDays(), c.reason());
                    }
                    case ReviewExtension c -> {
                        centre(command, actor);
                        in(command, TicketStatus.EXTENSION_REQUESTED);
                        yield new ExtensionReviewed(c.approved(), pendingExtensionDays, c.note());
                    }
                    case TicketCommand.Suspend c -> {
                        centre(command, actor);
                        in(command, TicketStatus.SIGNED);
                        yield new TicketSuspended(c.reason());
                    }
                    case Resume c -> {
                        centre(command, actor);
                        in(command, TicketStatus.SUSPENDED);
                        yield new TicketResumed(c.note());
                    }
                    case Transfer c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.DISPATCHED, TicketStatus.SIGNED);
                        if (c.toUnit().equals(unit)) {
                            throw refuse(command, "a unit cannot transfer a ticket to itself");
                        }
                        yield new TicketTransferred(unit, c.toUnit(), c.reason());
                    }
                    case Reply c -> {
                        UnitCode unit = mainUnit(command, actor);
                        in(command, TicketStatus.SIGNED);
                        yield new TicketReplied(unit, c.content());
                    }
                    case ReviewResult c -> {
                        centre(command, actor);
                        in(command, TicketStatus.REPLIED);
                        yield new ResultReviewed(c.approved(), c.note());
                    }
                    case AddNote c -> {
                        UnitCode unit = null;
                        if (actor.kind() == Actor.Kind.UNIT) {
                            unit = actor.unit();
                            if (!status.isWithUnit()
                                    || !(unit.equals(mainUnit)
                                            || coUnits.contains(unit)
                                            || secondLevelUnits.contains(unit))) {
                                throw new NotTheHandler(
                                        command.name(), "unit " + unit + " does not handle this ticket now");
                            }
                        } else if (!status.isOpen()) {
                            throw refuse(command, "notes are taken while the ticket is open");
                        }
                        yield new NoteAdded(unit, c.text());
                    }
                    case Urge c -> {
                        notUnit(command, actor);
                        if (actor.kind() == Actor.Kind.CITY) {
                            // The city urges the office for the ticket it transferred, whoever holds it now.
                            if (!status.isOpen()) {
                                throw refuse(command, "the city's urges are taken while the ticket is open");
                            }
                        } else {
                            requireWithUnit(command);
                        }
                        yield new TicketUrged(c.note());
                    }
                    case Supervise c -> {
                        centre(command, actor);
                        requireWithUnit(command);
                        yield new TicketSupervised(c.note());
                    }
                    case Callback c -> {
                        centre(command, actor);
                        in(command, TicketStatus.ANSWERED);
                        int count = dissatisfiedCount + (c.satisfaction().isDissatisfied() ? 1 : 0);
                        yield new CallbackRecorded(c.satisfaction(), c.note(), count, !hard && count >= 2);
                    }
                    case Close c -> {
                        centre(command, actor);
                        in(command, TicketStatus.ANSWERED, TicketStatus.CALLED_BACK);
                        yield new TicketClosed(c.note());
                    }
                    case Archive c -> {
                        centre(command, actor);
                        in(command, TicketStatus.CLOSED);
                        yield new TicketArchived();
                    }
                    case LinkCall c -> {
                        notUnit(command, actor);
                        if (calls.contains(c.call())) {
                            throw refuse(command, "call " + c.call() + " is already linked");
                        }
                        yield new CallLinked(c.call());
                    }
                    case MergeInto c -> {
                        centre(command, actor);
                        in(command, TicketStatus.RECEIVED, TicketStatus.IN_REVIEW);
                        if (c.target().equals(id())) {
                            throw refuse(command, "a ticket cannot be merged into itself");
                        }
                        yield new MergedInto(c.target(), c.note());
                    }
                    case AbsorbDuplicate c -> {
                        centre(command, actor);
                        if (!status.isOpen()) {
                            throw refuse(command, "duplicates are merged into open tickets only");
                        }
                        if (c.duplicate().equals(id()) || duplicates.contains(c.duplicate())) {
                            throw refuse(command, "ticket " + c.duplicate() + " cannot be merged here again");
                        }
                        yield new DuplicateAbsorbed(c.duplicate());
                    }
                    case RaiseWarning c -> {
                        if (actor.kind() != Actor.Kind.SYSTEM) {
                            throw new NotTheHandler(command.name(), "only the SLA scan raises warnings");
                        }
                        if (!status.isOpen()) {
                            throw refuse(command, "warnings are raised on open tickets only");
                        }
                        if (warnings.contains(warningKey(c.limit(), c.level()))) {
                            throw refuse(
                                    command, "the " + c.level() + " warning for " + c.limit() + " was already raised");
                        }
                        yield new WarningRaised(c.limit(), c.level());
                    }
                };
        return new LedgerEntry(version + 1, at, actor, event, command.attachments());
    }

    /** The ticket after {@code entry}, which must be the next one ({@code version + 1}). */
    public Ticket apply(LedgerEntry entry) {
        if (entry.seq() != version + 1) {
            throw new IllegalArgumentException("entry " + entry.seq() + " does not follow version " + version);
        }
        Instant at = entry.at();
        Draft d = new Draft(this);
        d.version = entry.seq();
        switch (entry.event()) {
            case TicketOpened e -> throw new IllegalArgumentException("a ticket is opened once");
            case AnsweredDirectly e -> {
                d.status = TicketStatus.ANSWERED;
                d.answer = e.answer();
                d.answeredAt = at;
                d.directAnswer = true;
            }
            case SentForReview e -> d.status = TicketStatus.IN_REVIEW;
            case TicketDispatched e -> {
                d.status = TicketStatus.DISPATCHED;
                d.mainUnit = e.mainUnit();
                d.coUnits = e.coUnits();
                d.secondLevelUnits = List.of();
                d.involve(e.mainUnit());
                e.coUnits().forEach(d::involve);
                d.dispatchedAt = at;
                if (d.firstDispatchedAt == null) {
                    d.firstDispatchedAt = at;
                }
                d.signedAt = null;
            }
            case SecondLevelDispatched e -> {
                List<UnitCode> units = new ArrayList<>(secondLevelUnits);
                units.add(e.subUnit());
                d.secondLevelUnits = units;
                d.involve(e.subUnit());
            }
            case TicketSignedFor e -> {
                d.status = TicketStatus.SIGNED;
                d.signedAt = at;
            }
            case ReturnRequested e -> {
                d.resumeStatus = status;
                d.status = TicketStatus.RETURN_REQUESTED;
            }
            case ReturnReviewed e -> {
                if (e.approved()) {
                    d.status = TicketStatus.RECEIVED;
                    d.mainUnit = null;
                    d.coUnits = List.of();
                    d.secondLevelUnits = List.of();
                    d.returnCount = returnCount + 1;
                    d.signedAt = null;
                } else {
                    d.status = resumeOr(TicketStatus.SIGNED);
                }
                d.resumeStatus = null;
            }
            case ExtensionRequested e -> {
                d.resumeStatus = status;
                d.status = TicketStatus.EXTENSION_REQUESTED;
                d.pendingExtension = e.workingDays();
            }
            case ExtensionReviewed e -> {
                if (e.approved()) {
                    d.extensionCount = extensionCount + 1;
                    d.extensionDays = extensionDays + e.workingDays();
                }
                d.status = resumeOr(TicketStatus.SIGNED);
                d.resumeStatus = null;
                d.pendingExtension = 0;
            }
            case TicketSuspended e -> {
                d.resumeStatus = status;
                d.status = TicketStatus.SUSPENDED;
                d.suspendedSince = at;
            }
            case TicketResumed e -> {
                d.status = resumeOr(TicketStatus.SIGNED);
                d.resumeStatus = null;
                Instant since = suspendedSince;
                if (since != null && at.isAfter(since)) {
                    d.suspendedTotal = suspendedTotal.plus(Duration.between(since, at));
                }
                d.suspendedSince = null;
            }
            case TicketTransferred e -> {
                d.status = TicketStatus.DISPATCHED;
                d.mainUnit = e.to();
                d.secondLevelUnits = List.of();
                List<UnitCode> co = new ArrayList<>(coUnits);
                co.remove(e.to());
                d.coUnits = co;
                d.involve(e.to());
                d.dispatchedAt = at;
                d.signedAt = null;
            }
            case TicketReplied e -> {
                d.status = TicketStatus.REPLIED;
                d.answer = e.content();
            }
            case ResultReviewed e -> {
                if (e.approved()) {
                    d.status = TicketStatus.ANSWERED;
                    d.answeredAt = at;
                } else {
                    d.status = TicketStatus.SIGNED;
                }
            }
            case NoteAdded e -> {}
            case TicketUrged e -> d.urgeCount = urgeCount + 1;
            case TicketSupervised e -> d.superviseCount = superviseCount + 1;
            case CallbackRecorded e -> {
                d.satisfaction = e.satisfaction();
                d.dissatisfiedCount = e.dissatisfiedCount();
                if (e.satisfaction().isDissatisfied()) {
                    // Back to the centre to be handled again; the second time as a hard ticket (疑难工单).
                    d.status = TicketStatus.RECEIVED;
                    d.hard = hard || e.madeHard();
                    d.mainUnit = null;
                    d.coUnits = List.of();
                    d.secondLevelUnits = List.of();
                    d.answer = null;
                    d.answeredAt = null;
                    d.directAnswer = false;
                    d.signedAt = null;
                } else {
                    d.status = TicketStatus.CALLED_BACK;
                }
            }
            case TicketClosed e -> {
                d.status = TicketStatus.CLOSED;
                d.closedAt = at;
            }
            case TicketArchived e -> d.status = TicketStatus.ARCHIVED;
            case CallLinked e -> {
                List<CallId> linked = new ArrayList<>(calls);
                linked.add(e.call());
                d.calls = linked;
            }
            case MergedInto e -> {
                d.status = TicketStatus.MERGED;
                d.mergedInto = e.target();
            }
            case DuplicateAbsorbed e -> {
                List<TicketId> merged = new ArrayList<>(duplicates);
                merged.add(e.duplicate());
                d.duplicates = merged;
            }
            case WarningRaised e -> {
                Set<String> raised = new LinkedHashSet<>(warnings);
                raised.add(warningKey(e.limit(), e.level()));
                d.warnings = raised;
            }
        }
        return d.build();
    }

    public static String warningKey(String limit, WarningLevel level) {
        return limit + ":" + level;
    }

    private TicketStatus resumeOr(TicketStatus fallback) {
        return resumeStatus != null ? resumeStatus : fallback;
    }

    private void centre(TicketCommand command, Actor actor) {
        if (actor.kind() == Actor.Kind.UNIT) {
            throw new NotTheHandler(command.name(), "it is the centre's step, not a unit's");
        }
    }

    private void notUnit(TicketCommand command, Actor actor) {
        centre(command, actor);
    }

    private UnitCode mainUnit(TicketCommand command, Actor actor) {
        UnitCode unit = actor.unit();
        if (actor.kind() != Actor.Kind.UNIT || unit == null) {
            throw new NotTheHandler(command.name(), "only the main unit (主办单位) does this");
        }
        if (!unit.equals(mainUnit)) {
            throw new NotTheHandler(command.name(), "unit " + unit + " is not the ticket's main unit");
        }
        return unit;
    }

    private void in(TicketCommand command, TicketStatus... allowed) {
        if (!EnumSet.copyOf(List.of(allowed)).contains(status)) {
            throw refuse(command, "allowed only in " + List.of(allowed));
        }
    }

    private void requireWithUnit(TicketCommand command) {
        if (!status.isWithUnit()) {
            throw refuse(command, "only a ticket a unit holds can be urged or supervised");
        }
    }

    private IllegalTransition refuse(TicketCommand command, String why) {
        return new IllegalTransition(status, command.name(), why);
    }

    /** The mutable copy {@link #apply} works on; never escapes. */
    private static final class Draft {
        TicketOpened opened;
        Instant openedAt;
        int version;
        TicketStatus status;

        @Nullable
        TicketStatus resumeStatus;

        @Nullable
        UnitCode mainUnit;

        List<UnitCode> coUnits;
        List<UnitCode> secondLevelUnits;
        List<UnitCode> involvedUnits;
        List<CallId> calls;

        @Nullable
        String answer;

        int dissatisfiedCount;
        boolean hard;

        @Nullable
        Satisfaction satisfaction;

        int urgeCount;
        int superviseCount;
        int returnCount;
        int extensionCount;
        int extensionDays;
        int pendingExtension;

        @Nullable
        Instant dispatchedAt;

        @Nullable
        Instant firstDispatchedAt;

        @Nullable
        Instant signedAt;

        @Nullable
        Instant answeredAt;

        @Nullable
        Instant closedAt;

        @Nullable
        Instant suspendedSince;

        Duration suspendedTotal;
        boolean directAnswer;

        @Nullable
        TicketId mergedInto;

        List<TicketId> duplicates;
        Set<String> warnings;

        Draft(Ticket t) {
            opened = t.opened;
            openedAt = t.openedAt;
            version = t.version;
            status = t.status;
            resumeStatus = t.resumeStatus;
            mainUnit = t.mainUnit;
            coUnits = t.coUnits;
            secondLevelUnits = t.secondLevelUnits;
            involvedUnits = t.involvedUnits;
            calls = t.calls;
            answer = t.answer;
            dissatisfiedCount = t.dissatisfiedCount;
            hard = t.hard;
            satisfaction = t.satisfaction;
            urgeCount = t.urgeCount;
            superviseCount = t.superviseCount;
            returnCount = t.returnCount;
            extensionCount = t.extensionCount;
            extensionDays = t.extensionDays;
            pendingExtension = t.pendingExtensionDays;
            dispatchedAt = t.dispatchedAt;
            firstDispatchedAt = t.firstDispatchedAt;
            signedAt = t.signedAt;
            answeredAt = t.answeredAt;
            closedAt = t.closedAt;
            suspendedSince = t.suspendedSince;
            suspendedTotal = t.suspendedTotal;
            directAnswer = t.directAnswer;
            mergedInto = t.mergedInto;
            duplicates = t.duplicates;
            warnings = t.warnings;
        }

        void involve(UnitCode unit) {
            if (!involvedUnits.contains(unit)) {
                List<UnitCode> units = new ArrayList<>(involvedUnits);
                units.add(unit);
                involvedUnits = units;
            }
        }

        Ticket build() {
            return new Ticket(
                    opened,
                    openedAt,
                    version,
                    status,
                    resumeStatus,
                    mainUnit,
                    coUnits,
                    secondLevelUnits,
                    involvedUnits,
                    calls,
                    answer,
                    dissatisfiedCount,
                    hard,
                    satisfaction,
                    urgeCount,
                    superviseCount,
                    returnCount,
                    extensionCount,
                    extensionDays,
                    pendingExtension,
                    dispatchedAt,
                    firstDispatchedAt,
                    signedAt,
                    answeredAt,
                    closedAt,
                    suspendedSince,
                    suspendedTotal,
                    directAnswer,
                    mergedInto,
                    duplicates,
                    warnings);
        }
    }
}
