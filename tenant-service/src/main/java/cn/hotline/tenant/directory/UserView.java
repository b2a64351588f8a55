package cn.hotline.tenant.directory;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A user account as the tenant API shows it: never the hash. */
public record UserView(
        UUID id,
        String tenant,
        String username,
        String displayName,
        String status,
        @Nullable String scopeUnit,
        List<String> roles,
        @Nullable String phone,
        boolean locked) {

    public UserView {
        roles = List.copyOf(roles);
    }
}
