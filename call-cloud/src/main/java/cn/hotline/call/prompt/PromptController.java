package cn.hotline.call.prompt;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /tenants/{tenant}/prompts}: the tenant's prompt library, for its administrators. */
@RestController
final class PromptController {

    private final PromptLibrary library;

    PromptController(PromptLibrary library) {
        this.library = library;
    }

    record Synthesis(@Nullable String name, @Nullable String text) {}

    /** Multipart: {@code name} (field) and {@code file} (a WAV file). */
    @PostMapping(path = "/tenants/{tenant}/prompts", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PromptInfo> upload(@PathVariable String tenant, @RequestBody Mono<MultiValueMap<String, Part>> form) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .flatMap(id -> form.flatMap(parts -> {
                    Part namePart = parts.getFirst("name");
                    Part filePart = parts.getFirst("file");
                    if (!(namePart instanceof FormFieldPart field)) {
                        return Mono.error(
                                new ProblemException(ProblemCode.VALIDATION_FAILED, "the form needs a 'name' field"));
                    }
                    if (!(filePart instanceof FilePart file)) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED, "the form needs a 'file' part with the WAV file"));
                    }
                    PromptName name = name(field.value());
                    return bytes(file).flatMap(content -> library.upload(id, name, content));
                }));
    }

    @PostMapping("/tenants/{tenant}/prompts/tts")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PromptInfo> synthesise(@PathVariable String tenant, @RequestBody Synthesis body) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN).flatMap(id -> {
            if (body.text() == null) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'text' is required"));
            }
            return library.synthesise(id, name(body.name()), body.text());
        });
    }

    @GetMapping("/tenants/{tenant}/prompts")
    Mono<List<PromptInfo>> list(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(id -> library.list(id).collectList());
    }

    @DeleteMapping("/tenants/{tenant}/prompts/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable String tenant, @PathVariable String name) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN).flatMap(id -> library.delete(id, name(name)));
    }

    private static PromptName name(@Nullable String value) {
        try {
            return PromptName.of(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage());
        }
    }

    private static Mono<byte[]> bytes(FilePart file) {
        return DataBufferUtils.join(file.content(), PromptLibrary.MAX_UPLOAD_BYTES)
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
                                "a prompt file may have at most " + PromptLibrary.MAX_UPLOAD_BYTES + " bytes"));
    }
}
