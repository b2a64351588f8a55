package cn.hotline.ticket.ticket.domain;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TicketId;
import java.util.List;

/**
 * What people and systems ask of an open ticket. Each command is validated here (shape) and by {@link Ticket#decide}
 * (state, actor); a refused command changes nothing.
 */
public sealed interface TicketCommand {

    /** The ledger name of the command, used in problem details ({@code SignFor}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Evidence the command carries into the ledger. */
    default List<AttachmentRef> attachments() {
        return List.of();
    }

    /** 直接答复 by the centre. */
    record AnswerDirectly(String answer) implements TicketCommand {
        public AnswerDirectly {
            answer = Texts.required("answer", answer, 4000);
        }
    }

    /** 送审核: a clerk's proposal waits for a reviewer. */
    record SendForReview(String note) implements TicketCommand {
        public SendForReview {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 交办: to a main unit (主办) with co-units (协办). */
    record Dispatch(UnitCode mainUnit, List<UnitCode> coUnits, String note) implements TicketCommand {
        public Dispatch {
            if (mainUnit == null) {
                throw new IllegalArgumentException("mainUnit is required");
            }
            coUnits = List.copyOf(coUnits == null ? List.of() : coUnits);
            if (coUnits.contains(mainUnit)) {
                throw new IllegalArgumentException("the main unit cannot also be a co-unit");
            }
            if (coUnits.size() != coUnits.stream().distinct().count()) {
                throw new IllegalArgumentException("coUnits must not repeat a unit");
            }
            if (coUnits.size() > 10) {
                throw new IllegalArgumentException("at most 10 co-units");
            }
            note = Texts.required("note", note, 1000);
        }
    }

    /** 二级派单: the main unit passes the work on to one of its second-level units. */
    record DispatchSecondLevel(UnitCode subUnit, String note) implements TicketCommand {
        public DispatchSecondLevel {
            if (subUnit == null) {
                throw new IllegalArgumentException("subUnit is required");
            }
            note = Texts.required("note", note, 1000);
        }
    }

    /** 签收 by the main unit. */
    record SignFor() implements TicketCommand {}

    /** 退回 with a reason (not this unit's responsibility). */
    record RequestReturn(String reason, List<AttachmentRef> attachments) implements TicketCommand {
        public RequestReturn {
            reason = Texts.required("reason", reason, 1000);
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
        }
    }

    /** The centre's decision on a return request; approved, the ticket comes back to be dispatched again. */
    record ReviewReturn(boolean approved, String note) implements TicketCommand {
        public ReviewReturn {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 延期 by the main unit: more working days for the closing limit. */
    record RequestExtension(int workingDays, String reason, List<AttachmentRef> attachments) implements TicketCommand {
        public RequestExtension {
            if (workingDays < 1 || workingDays > 30) {
                throw new IllegalArgumentException("workingDays must be 1-30");
            }
            reason = Texts.required("reason", reason, 1000);
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
        }
    }

    /** The centre's decision on an extension request. */
    record ReviewExtension(boolean approved, String note) implements TicketCommand {
        public ReviewExtension {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 挂起 by the centre: handling waits (e.g. for the citizen); the closing clock stops. */
    record Suspend(String reason) implements TicketCommand {
        public Suspend {
            reason = Texts.required("reason", reason, 1000);
        }
    }

    /** Ends a suspension. */
    record Resume(String note) implements TicketCommand {
        public Resume {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 转交 by the holding unit to another unit, which must sign for it again. */
    record Transfer(UnitCode toUnit, String reason) implements TicketCommand {
        public Transfer {
            if (toUnit == null) {
                throw new IllegalArgumentException("toUnit is required");
            }
            reason = Texts.required("reason", reason, 1000);
        }
    }

    /** 答复 by the main unit. */
    record Reply(String content, List<AttachmentRef> attachments) implements TicketCommand {
        public Reply {
            content = Texts.required("content", content, 4000);
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
        }
    }

    /** 结果审核 by the centre: approved, the answer goes to the callback; refused, back to the unit. */
    record ReviewResult(boolean approved, String note) implements TicketCommand {
        public ReviewResult {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 协办意见: input of a co-unit or second-level unit (or a note of the centre). */
    record AddNote(String text, List<AttachmentRef> attachments) implements TicketCommand {
        public AddNote {
            text = Texts.required("text", text, 4000);
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
        }
    }

    /** 催办. */
    record Urge(String note) implements TicketCommand {
        public Urge {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 督办. */
    record Supervise(String note) implements TicketCommand {
        public Supervise {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 回访 with the citizen's satisfaction. */
    record Callback(Satisfaction satisfaction, String note) implements TicketCommand {
        public Callback {
            if (satisfaction == null) {
                throw new IllegalArgumentException("satisfaction is required");
            }
            note = Texts.required("note", note, 1000);
        }
    }

    /** 办结. */
    record Close(String note) implements TicketCommand {
        public Close {
            note = Texts.required("note", note, 1000);
        }
    }

    /** 归档: one case file, immutable afterwards. */
    record Archive() implements TicketCommand {}

    /** Links a call (recording) to the ticket. */
    record LinkCall(CallId call) implements TicketCommand {
        public LinkCall {
            if (call == null) {
                throw new IllegalArgumentException("call is required");
            }
        }
    }

    /** 并单: this ticket is a duplicate of {@code target}. */
    record MergeInto(TicketId target, String note) implements TicketCommand {
        public MergeInto {
            if (target == null) {
                throw new IllegalArgumentException("target is required");
            }
            note = Texts.required("note", note, 1000);
        }
    }

    /** The other side of 并单: {@code duplicate} was merged into this ticket. */
    record AbsorbDuplicate(TicketId duplicate) implements TicketCommand {
        public AbsorbDuplicate {
            if (duplicate == null) {
                throw new IllegalArgumentException("duplicate is required");
            }
        }
    }

    /** A yellow or red light raised by the SLA scan, once per limit and level. */
    record RaiseWarning(String limit, WarningLevel level) implements TicketCommand {
        public RaiseWarning {
            limit = Texts.required("limit", limit, 64);
            if (level == null) {
                throw new IllegalArgumentException("level is required");
            }
        }
    }
}
