package cn.hotline.ticket.calls;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.ticket.ticket.TicketAccess;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{t}/calls/{call}/recording}: the recording of a call as call-cloud's {@code CallRecorded} event
 * named it (recording id, object key, checksum, length), for the centre's staff; 404 when no such event arrived (the
 * call was not recorded, or the event is still on its way) or the call is another tenant's. Playing it goes through
 * call-cloud's audited links.
 */
@RestController
final class CallRecordingController {

    private final CallLinks links;

    CallRecordingController(CallLinks links) {
        this.links = links;
    }

    @GetMapping("/tenants/{tenant}/calls/{call}/recording")
    Mono<CallLinks.RecordingView> recording(@PathVariable String tenant, @PathVariable String call) {
        return TicketAccess.centre(tenant, TicketAccess.READ_CENTRE).flatMap(grant -> {
            UUID id;
            try {
                id = UUID.fromString(call);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "The call id must be a UUID.", Map.of("field", "call")));
            }
            return links.recording(grant.context(), new CallId(id))
                    .switchIfEmpty(Mono.error(() -> new ProblemException(
                            ProblemCode.NOT_FOUND, "No recording of call " + call + " is known.")));
        });
    }
}
