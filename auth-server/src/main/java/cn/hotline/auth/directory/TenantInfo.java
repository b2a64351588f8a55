package cn.hotline.auth.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tenant as tenant-service's {@code GET /internal/tenants/{tenant}} describes it; {@code federation} is
 * present when the tenant delegates login to its government identity platform (R-TEN-4).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantInfo(String tenant, @Nullable String name, String status, @Nullable Federation federation) {

    public TenantInfo(String tenant, @Nullable String name, String status) {
        this(tenant, name, status, null);
    }

    public TenantInfo {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
    }

    /** Only active tenants issue tokens. */
    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public String displayName() {
        return name == null || name.isBlank() ? tenant : name;
    }
}
