package cn.hotline.tenant.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A user account to create. Validates everything a person could get wrong, with messages they can act on. */
public record NewUser(
        String username,
        String displayName,
        String password,
        @Nullable String scopeUnit,
        List<String> roles,
        @Nullable String phone) {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{4,19}");

    public NewUser {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 2-64 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 64) {
            throw new IllegalArgumentException("display name must be 1-64 characters");
        }
        if (password == null || password.length() < 8 || password.length() > 128) {
            throw new IllegalArgumentException("password must be 8-128 characters");
        }
        if (scopeUnit != null) {
            Scopes.requireValid(scopeUnit);
        }
        roles = List.copyOf(new LinkedHashSet<>(roles == null ? List.of() : roles));
        for (String role : roles) {
            if (role == null || !TenantRole.CODE.matcher(role).matches()) {
                throw new IllegalArgumentException("role '" + role + "' is not a role code");
            }
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new IllegalArgumentException("phone '" + phone + "' must be 5-20 digits");
        }
    }

    @Override
    public String toString() {
        return "NewUser[" + username + ", roles=" + roles + ", scope=" + scopeUnit + "]";
    }
}
