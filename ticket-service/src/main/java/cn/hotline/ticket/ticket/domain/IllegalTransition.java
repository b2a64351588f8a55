package cn.hotline.ticket.ticket.domain;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.Map;

/** A command the ticket refuses in its current state; rendered as 409 {@code ILLEGAL_TRANSITION}. */
public final class IllegalTransition extends ProblemException {

    IllegalTransition(TicketStatus status, String command, String why) {
        super(
                ProblemCode.ILLEGAL_TRANSITION,
                "A ticket in state " + status + " does not accept " + command + ": " + why,
                Map.of("state", status.name(), "command", command));
    }
}
