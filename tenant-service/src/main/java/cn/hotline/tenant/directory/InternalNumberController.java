package cn.hotline.tenant.directory;

import cn.hotline.kernel.crypto.PhoneNumbers;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.registry.Tenant;
import cn.hotline.tenant.registry.TenantRegistry;
import cn.hotline.tenant.registry.TenantStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/numbers/{number}} ({@code X-Internal-Token}): which tenant owns a called number, for
 * call-cloud's admission of inbound calls. A tenant's hotline numbers (registry) are looked at first, then the DIDs
 * of {@code directory_phone_number}, tenant by tenant in its own bound transaction (the table's forced row-level
 * security hides other tenants' rows, so no single query may see them all). Both sides are compared in the kernel's
 * phone-number normal form ({@code +86 551 6531 2345}, {@code 0551-65312345} and {@code 055165312345} are one number).
 * Deactivated tenants own nothing; unknown numbers answer 404. call-cloud keeps answers briefly.
 */
@RestController
class InternalNumberController {

    private final TenantRegistry registry;
    private final DatabaseClient db;
    private final TenantTransactions tx;

    InternalNumberController(TenantRegistry registry, DatabaseClient db, TenantTransactions tx) {
        this.registry = registry;
        this.db = db;
        this.tx = tx;
    }

    /** The answer: the number as asked for and its tenant. */
    record NumberOwner(String number, String tenant, String status) {}

    @GetMapping("/internal/numbers/{number}")
    Mono<NumberOwner> owner(@PathVariable String number) {
        String wanted;
        try {
            wanted = canonical(number);
        } catch (IllegalArgumentException e) {
            return Mono.error(notFound(number));
        }
        Flux<Tenant> tenants = registry.list().filter(tenant -> tenant.status() != TenantStatus.DEACTIVATED);
        Mono<Tenant> byHotline = tenants.filter(
                        tenant -> tenant.hotlineNumbers().stream().anyMatch(own -> same(own, wanted)))
                .next();
        Mono<Tenant> byDirectory = tenants.concatMap(tenant -> tx.run(
                                TenantContext.of(tenant.slug()),
                                db.sql("SELECT number FROM directory_phone_number")
                                        .map(row -> String.valueOf(row.get("number", String.class)))
                                        .all())
                        .filter(own -> same(own, wanted))
                        .take(1)
                        .map(own -> tenant))
                .next();
        return byHotline
                .switchIfEmpty(byDirectory)
                .map(tenant -> new NumberOwner(
                        wanted, tenant.slug().value(), tenant.status().name()))
                .switchIfEmpty(Mono.error(() -> notFound(number)));
    }

    private static boolean same(String stored, String wanted) {
        try {
            return canonical(stored).equals(wanted);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The kernel's normal form, except that a landline written internationally ({@code +86 551 6531 2345}) gets
     * back the 0 of its area code, as call-cloud writes called numbers.
     */
    static String canonical(String raw) {
        String normal = PhoneNumbers.normalise(raw);
        String compact = raw.strip().replaceAll("[\\s\\-().]", "");
        boolean international = compact.startsWith("+86") || compact.startsWith("0086");
        return international && !normal.startsWith("0") && !normal.startsWith("1") ? "0" + normal : normal;
    }

    private static ProblemException notFound(String number) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No tenant owns the number " + number + ".");
    }
}
