package cn.hotline.tenant.importing;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.Permission;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /tenants/{tenant}/imports/users} (multipart: {@code file} = the .xlsx, {@code initialPassword} = the
 * password every imported account starts with) → 200 with the {@link ImportReport}.
 */
@RestController
final class ImportController {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private final Access access;
    private final UserImport imports;

    ImportController(Access access, UserImport imports) {
        this.access = access;
        this.imports = imports;
    }

    @PostMapping(path = "/tenants/{tenant}/imports/users", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ImportReport> importUsers(@PathVariable String tenant, @RequestBody Mono<MultiValueMap<String, Part>> form) {
        return access.require(tenant, Permission.DIRECTORY_WRITE)
                .flatMap(grant -> form.flatMap(parts -> {
                    Part file = parts.getFirst("file");
                    Part password = parts.getFirst("initialPassword");
                    if (!(file instanceof FilePart filePart)) {
                        return Mono.error(invalid("the form needs a 'file' part with the .xlsx workbook"));
                    }
                    if (!(password instanceof FormFieldPart field)
                            || field.value().length() < 8
                            || field.value().length() > 128) {
                        return Mono.error(invalid("the form needs 'initialPassword' of 8-128 characters"));
                    }
                    return DataBufferUtils.join(filePart.content(), MAX_BYTES)
                            .onErrorMap(
                                    org.springframework.core.io.buffer.DataBufferLimitException.class,
                                    e -> new ProblemException(
                                            ProblemCode.PAYLOAD_TOO_LARGE, "the workbook exceeds 5 MB"))
                            .map(buffer -> {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                DataBufferUtils.release(buffer);
                                return bytes;
                            })
                            .flatMap(bytes -> imports.importSheet(grant, bytes, field.value()));
                }));
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, detail);
    }
}
