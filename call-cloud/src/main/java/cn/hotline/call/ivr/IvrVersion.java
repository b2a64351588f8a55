package cn.hotline.call.ivr;

import cn.hotline.kernel.id.TenantId;
import java.time.Instant;

/** A published, immutable version of a tenant's IVR tree; a call keeps the version it started with. */
public record IvrVersion(TenantId tenant, String tree, int version, IvrDefinition definition, Instant publishedAt) {

    public IvrVersion {
        if (tenant == null || tree == null || definition == null || publishedAt == null || version < 1) {
            throw new IllegalArgumentException("an IVR version needs a tenant, a tree, a number ≥ 1 and a definition");
        }
    }
}
