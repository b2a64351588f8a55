package cn.hotline.ticket.attachment;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import cn.hotline.ticket.ticket.TicketAccess;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /tenants/{t}/tickets/{id}/attachments}: upload (multipart, part {@code file}, optional part {@code note}),
 * list, and a presigned download link; {@code /tenants/{t}/attachment-policy}: the tenant's limits. Readers of the
 * ticket may upload where the aggregate lets them add a note (a unit while it handles the ticket, the centre while the
 * ticket is open); another tenant's path or a ticket the caller cannot see is 404.
 */
@RestController
final class AttachmentController {

    private final TicketAttachments attachments;

    AttachmentController(TicketAttachments attachments) {
        this.attachments = attachments;
    }

    record PolicyBody(@Nullable Long maxBytes, @Nullable List<String> contentTypes) {}

    @PostMapping(path = "/tenants/{tenant}/tickets/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Attachment> upload(@PathVariable String tenant, @PathVariable String id, ServerWebExchange exchange) {
        return TicketAccess.read(tenant).flatMap(grant -> uuid(id).flatMap(ticket -> exchange.getMultipartData()
                .flatMap(parts -> {
                    Part file = parts.getFirst("file");
                    if (!(file instanceof FilePart filePart)) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "Send the file as the multipart part 'file'.",
                                Map.of("field", "file", "reason", "MISSING")));
                    }
                    String note = parts.getFirst("note") instanceof FormFieldPart field ? field.value() : null;
                    MediaType type = filePart.headers().getContentType();
                    return read(filePart)
                            .map(bytes -> new Upload(filePart.filename(), type == null ? null : type.toString(), bytes))
                            .flatMap(upload -> attachments.attach(
                                    grant.context(), ticket, grant.actor(), upload, note, Attachment.Source.UPLOAD));
                })));
    }

    @GetMapping("/tenants/{tenant}/tickets/{id}/attachments")
    Flux<Attachment> list(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.read(tenant)
                .flatMapMany(grant -> uuid(id).flatMapMany(ticket -> attachments.list(grant.context(), ticket)));
    }

    /** A POST: handing out a link is recorded (audit), so it is not a safe method. */
    @PostMapping("/tenants/{tenant}/tickets/{id}/attachments/{attachment}/link")
    Mono<DownloadLink> link(@PathVariable String tenant, @PathVariable String id, @PathVariable String attachment) {
        return TicketAccess.read(tenant).flatMap(grant -> uuid(id).zipWith(uuid(attachment))
                .flatMap(ids -> attachments.link(
                        grant.context(), ids.getT1(), ids.getT2(), grant.actor().id())));
    }

    /** The access audit: who got a download link when (tenant admins and supervisors). */
    @GetMapping("/tenants/{tenant}/tickets/{id}/attachments/{attachment}/accesses")
    Flux<TicketAttachments.Access> accesses(
            @PathVariable String tenant, @PathVariable String id, @PathVariable String attachment) {
        return TicketAccess.centre(tenant, EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR))
                .flatMapMany(grant -> uuid(id).zipWith(uuid(attachment))
                        .flatMapMany(ids -> attachments.accesses(grant.context(), ids.getT1(), ids.getT2())));
    }

    @GetMapping("/tenants/{tenant}/attachment-policy")
    Mono<AttachmentPolicy> policy(@PathVariable String tenant) {
        return TicketAccess.read(tenant).flatMap(grant -> attachments.policy(grant.context()));
    }

    @PutMapping("/tenants/{tenant}/attachment-policy")
    Mono<AttachmentPolicy> setPolicy(@PathVariable String tenant, @RequestBody PolicyBody body) {
        return TicketAccess.centre(tenant, EnumSet.of(Role.TENANT_ADMIN))
                .flatMap(grant -> Mono.fromCallable(() -> new AttachmentPolicy(
                                body.maxBytes() == null ? 0 : body.maxBytes(),
                                body.contentTypes() == null ? List.of() : body.contentTypes()))
                        .flatMap(policy -> attachments.setPolicy(
                                grant.context(), policy, grant.actor().id())));
    }

    /** The part's bytes, at most the platform's ceiling (beyond it: 413 without reading on). */
    private Mono<byte[]> read(FilePart part) {
        long ceiling = attachments.ceilingBytes();
        return DataBufferUtils.join(part.content(), (int) Math.min(Integer.MAX_VALUE, ceiling))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ProblemException(
                                ProblemCode.PAYLOAD_TOO_LARGE,
                                "The file is larger than " + ceiling + " bytes, the most this platform takes.",
                                Map.of("field", "file", "maxBytes", ceiling)));
    }

    private static Mono<UUID> uuid(String id) {
        try {
            return Mono.just(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No ticket or attachment " + id + "."));
        }
    }
}
