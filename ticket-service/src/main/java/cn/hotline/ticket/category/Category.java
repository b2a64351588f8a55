package cn.hotline.ticket.category;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One node of a tenant's category tree.
 *
 * @param standardCode the national classification code where one is known to us; null otherwise (never guessed)
 */
public record Category(
        String code, @Nullable String parentCode, String name, @Nullable String standardCode, boolean active) {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Category {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be 1-64 characters a-z, 0-9, '.', '_' or '-'");
        }
        if (parentCode != null && !CODE.matcher(parentCode).matches()) {
            throw new IllegalArgumentException("parentCode is not a category code");
        }
        if (code.equals(parentCode)) {
            throw new IllegalArgumentException("a category cannot be its own parent");
        }
        if (name == null || name.isBlank() || name.strip().length() > 64) {
            throw new IllegalArgumentException("name must be 1-64 characters");
        }
        name = name.strip();
        if (standardCode != null && (standardCode.isBlank() || standardCode.length() > 32)) {
            throw new IllegalArgumentException("standardCode must be 1-32 characters");
        }
    }
}
