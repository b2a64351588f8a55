package cn.hotline.call.report;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET / PUT /tenants/{t}/reports/settings} {@code {shortAbandonSeconds 0-60, shortAbandons EXCLUDE|INCLUDE}}:
 * how the tenant's call reports count short abandons when a request does not say. Admins change them, supervisors
 * read them; {@code own} tells whether the tenant chose them or the platform defaults apply. Bad values → 400
 * {@code VALIDATION_FAILED} with {@code errors: [{field, message}]}, nothing saved.
 */
@RestController
class ReportSettingsController {

    /** The settings as the API shows and takes them. */
    record Body(@Nullable Integer shortAbandonSeconds, @Nullable String shortAbandons, @Nullable Boolean own) {}

    private final ReportSettingsStore store;

    ReportSettingsController(ReportSettingsStore store) {
        this.store = store;
    }

    @GetMapping("/tenants/{tenant}/reports/settings")
    Mono<Body> get(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(store::own)
                .map(own -> own.map(settings -> body(settings, true)).orElseGet(() -> body(store.platform(), false)));
    }

    @PutMapping("/tenants/{tenant}/reports/settings")
    Mono<Body> put(@PathVariable String tenant, @RequestBody Body body) {
        ReportSettings settings = settings(body);
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(Callers.current())
                .flatMap(both -> store.save(
                        both.getT1(), settings, "user:" + both.getT2().subject()))
                .thenReturn(body(settings, true));
    }

    private static ReportSettings settings(Body body) {
        List<Map<String, String>> errors = new ArrayList<>();
        Integer seconds = body.shortAbandonSeconds();
        if (seconds == null || seconds < 0 || seconds > ReportSettings.MAX_SHORT_ABANDON_SECONDS) {
            errors.add(Map.of("field", "shortAbandonSeconds", "message", "required, 0-60"));
        }
        ShortAbandons counting = null;
        try {
            counting = body.shortAbandons() == null
                    ? null
                    : ShortAbandons.valueOf(body.shortAbandons().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            counting = null;
        }
        if (counting == null) {
            errors.add(Map.of("field", "shortAbandons", "message", "required, EXCLUDE or INCLUDE"));
        }
        if (!errors.isEmpty() || seconds == null || counting == null) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "The report settings are not valid.", Map.of("errors", errors));
        }
        return new ReportSettings(Duration.ofSeconds(seconds), counting);
    }

    private static Body body(ReportSettings settings, boolean own) {
        return new Body(
                (int) settings.shortAbandon().toSeconds(),
                settings.shortAbandons().name(),
                own);
    }
}
