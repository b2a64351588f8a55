package cn.hotline.call.admission;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Blacklists over HTTP: a tenant's own list for its {@code TENANT_ADMIN}s and {@code SUPERVISOR}s ({@code
 * /tenants/{t}/blacklist}; the kernel chain already refuses other tenants with 404), the platform's list for the
 * operator ({@code /platform/blacklist}; the chain requires {@code OPERATOR}). Numbers are stored canonical, so any
 * spelling of a number finds its entry.
 */
@RestController
class BlacklistController {

    private final Blacklists blacklists;

    BlacklistController(Blacklists blacklists) {
        this.blacklists = blacklists;
    }

    /** A new entry: the number in any usual spelling, why, and optionally until when. */
    record NewEntry(@Nullable String number, @Nullable String reason, @Nullable Instant expiresAt) {}

    @GetMapping("/tenants/{tenant}/blacklist")
    Flux<BlacklistEntry> list(@PathVariable String tenant) {
        return manager().thenMany(blacklists.list(TenantId.of(tenant)));
    }

    @PostMapping("/tenants/{tenant}/blacklist")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<BlacklistEntry> add(@PathVariable String tenant, @RequestBody NewEntry entry) {
        return manager().flatMap(caller -> {
            Valid valid = validate(entry);
            return blacklists.add(
                    TenantId.of(tenant), valid.number(), valid.reason(), entry.expiresAt(), "user:" + caller.subject());
        });
    }

    @DeleteMapping("/tenants/{tenant}/blacklist/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@PathVariable String tenant, @PathVariable String id) {
        return manager()
                .then(Mono.defer(() -> blacklists.remove(TenantId.of(tenant), uuid(id))))
                .flatMap(BlacklistController::removedOrNotFound);
    }

    @GetMapping("/platform/blacklist")
    Flux<BlacklistEntry> listPlatform() {
        return blacklists.listPlatform();
    }

    @PostMapping("/platform/blacklist")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<BlacklistEntry> addPlatform(@RequestBody NewEntry entry) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .flatMap(caller -> {
                    Valid valid = validate(entry);
                    return blacklists.addPlatform(
                            valid.number(), valid.reason(), entry.expiresAt(), "operator:" + caller.subject());
                });
    }

    @DeleteMapping("/platform/blacklist/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> removePlatform(@PathVariable String id) {
        return Mono.defer(() -> blacklists.removePlatform(uuid(id))).flatMap(BlacklistController::removedOrNotFound);
    }

    private record Valid(String number, String reason) {}

    private static Valid validate(NewEntry entry) {
        if (entry.number() == null
                || entry.reason() == null
                || entry.reason().isBlank()
                || entry.reason().length() > 200) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "Give the caller's number and a reason of 1-200 characters.");
        }
        if (entry.expiresAt() != null && !entry.expiresAt().isAfter(Instant.now())) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "expiresAt must lie in the future.");
        }
        try {
            return new Valid(
                    PhoneNumber.parse(entry.number(), null).value(),
                    entry.reason().strip());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "Not a phone number: " + e.getMessage());
        }
    }

    private static Mono<Caller> manager() {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .filter(caller -> caller.has(Role.TENANT_ADMIN) || caller.has(Role.SUPERVISOR))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.FORBIDDEN, "Only tenant admins and supervisors manage the blacklist.")));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No blacklist entry " + id + ".");
        }
    }

    private static Mono<Void> removedOrNotFound(boolean removed) {
        return removed
                ? Mono.empty()
                : Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such blacklist entry."));
    }
}
