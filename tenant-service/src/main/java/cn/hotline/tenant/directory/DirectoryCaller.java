package cn.hotline.tenant.directory;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Who calls a tenant API, as the verified token says (ADR 0002 §2 claims). */
public record DirectoryCaller(String tenant, @Nullable String scopeUnit, String subject, List<String> roles) {

    public DirectoryCaller {
        roles = List.copyOf(roles);
    }
}
