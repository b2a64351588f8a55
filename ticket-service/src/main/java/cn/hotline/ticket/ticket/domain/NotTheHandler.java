package cn.hotline.ticket.ticket.domain;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.Map;

/** A command from an actor that has no part in the ticket (another unit, or a unit doing the centre's work). */
public final class NotTheHandler extends ProblemException {

    NotTheHandler(String command, String why) {
        super(ProblemCode.FORBIDDEN, command + " is not yours to do: " + why, Map.of("command", command));
    }
}
