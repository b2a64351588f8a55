package cn.hotline.tenant.provisioning;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.quota.TenantQuotas;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TenantSpec} as JSON: the body of {@code POST /platform/tenants} and the form in which the registry stores
 * the spec. Every field may be missing in the JSON; {@link #toSpec()} says what is wrong.
 */
public record TenantDocument(
        @Nullable String slug,
        @Nullable String name,
        @Nullable String kind,
        @Nullable List<String> hotlineNumbers,
        @Nullable List<WorkstationDocument> workstations,
        @Nullable AdminDocument admin,
        @Nullable QuotasDocument quotas) {

    /** A workstation; {@code id} may be the full {@code <tenant>.<name>} or just {@code <name>}. */
    public record WorkstationDocument(@Nullable String id, @Nullable String name) {}

    public record AdminDocument(
            @Nullable String username, @Nullable String displayName, @Nullable String initialPassword) {}

    public record QuotasDocument(
            @Nullable Integer seats,
            @Nullable Integer concurrentCalls,
            @Nullable Long recordingStorageMb,
            @Nullable Integer apiRequestsPerSecond) {}

    /** The spec, or a {@code VALIDATION_FAILED} problem naming the first thing wrong. */
    public TenantSpec toSpec() {
        try {
            TenantId tenant = TenantId.of(require("slug", slug));
            List<TenantSpec.Workstation> stations = workstations == null
                    ? List.of()
                    : workstations.stream()
                            .map(w -> {
                                String id = require("workstations[].id", w.id());
                                return new TenantSpec.Workstation(
                                        WorkstationId.of(id.contains(".") ? id : tenant.value() + "." + id),
                                        require("workstations[].name", w.name()));
                            })
                            .toList();
            AdminDocument a = require("admin", admin);
            TenantQuotas limits = quotas == null
                    ? TenantQuotas.defaults()
                    : new TenantQuotas(
                            require("quotas.seats", quotas.seats()),
                            require("quotas.concurrentCalls", quotas.concurrentCalls()),
                            require("quotas.recordingStorageMb", quotas.recordingStorageMb()),
                            require("quotas.apiRequestsPerSecond", quotas.apiRequestsPerSecond()));
            return new TenantSpec(
                    tenant,
                    require("name", name),
                    kind(require("kind", kind)),
                    require("hotlineNumbers", hotlineNumbers),
                    stations,
                    new TenantSpec.AdminAccount(
                            require("admin.username", a.username()),
                            require("admin.displayName", a.displayName()),
                            require("admin.initialPassword", a.initialPassword())),
                    limits);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage()));
        }
    }

    public static TenantDocument of(TenantSpec spec) {
        TenantQuotas q = spec.quotas();
        return new TenantDocument(
                spec.slug().value(),
                spec.name(),
                spec.kind().name(),
                spec.hotlineNumbers(),
                spec.workstations().stream()
                        .map(w -> new WorkstationDocument(w.id().value(), w.name()))
                        .toList(),
                new AdminDocument(
                        spec.admin().username(),
                        spec.admin().displayName(),
                        spec.admin().initialPassword()),
                new QuotasDocument(q.seats(), q.concurrentCalls(), q.recordingStorageMb(), q.apiRequestsPerSecond()));
    }

    private static TenantSpec.Kind kind(String kind) {
        try {
            return TenantSpec.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be one of CITY, DISTRICT, MEDICAL_INSURANCE, OTHER");
        }
    }

    private static <T> T require(String field, @Nullable T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TenantDocument[" + slug + "]";
    }
}
