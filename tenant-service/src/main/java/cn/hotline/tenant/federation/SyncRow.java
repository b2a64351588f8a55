package cn.hotline.tenant.federation;

import cn.hotline.tenant.directory.Scopes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One account as the upstream identity platform describes it. {@code active = false} disables the linked account
 * (it is never deleted). Validation messages name the field so the platform's adapter can fix its data.
 */
public record SyncRow(
        String subject,
        String username,
        String displayName,
        @Nullable String phone,
        @Nullable String scopeUnit,
        List<String> roles,
        boolean active) {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{4,19}");
    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    public SyncRow {
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw new IllegalArgumentException("subject must be 1-255 characters");
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 2-64 characters a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 64) {
            throw new IllegalArgumentException("displayName must be 1-64 characters");
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new IllegalArgumentException("phone must be digits (5-20), optionally with '+' and '-'");
        }
        if (scopeUnit != null) {
            Scopes.requireValid(scopeUnit);
        }
        roles = List.copyOf(new LinkedHashSet<>(roles == null ? List.of() : roles));
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches() || "OPERATOR".equals(role)) {
                throw new IllegalArgumentException("role '" + role + "' is not a tenant role code");
            }
        }
    }
}
