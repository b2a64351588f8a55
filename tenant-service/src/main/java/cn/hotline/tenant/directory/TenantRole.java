package cn.hotline.tenant.directory;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** A role of a tenant: a code that tokens carry ({@code AGENT}), a display name and its permissions. */
public record TenantRole(String code, String name, Set<Permission> permissions, boolean builtin) {

    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    public TenantRole {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("role code '" + code + "' must be 2-40 characters A-Z, 0-9 and '_'");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("role name must be 1-64 characters");
        }
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }
}
