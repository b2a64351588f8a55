package cn.hotline.tenant.units;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A handling unit (承办单位) with its contacts. Roots have no parent; second-level units always have one. */
public record HandlingUnit(
        String code,
        String name,
        UnitLevel level,
        @Nullable String parentCode,
        List<Contact> contacts,
        boolean active) {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    public HandlingUnit {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("unit code must be 1-40 characters a-z, 0-9, '_' or '-'");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("unit name must be 1-64 characters");
        }
        if (level == null) {
            throw new IllegalArgumentException("level must be CITY_MEMBER, DISTRICT or SECOND_LEVEL");
        }
        if (level.isRoot() && parentCode != null) {
            throw new IllegalArgumentException(level + " units are roots of the tree and have no parent");
        }
        if (!level.isRoot() && parentCode == null) {
            throw new IllegalArgumentException("a SECOND_LEVEL unit needs a parent unit");
        }
        if (code.equals(parentCode)) {
            throw new IllegalArgumentException("a unit cannot be its own parent");
        }
        contacts = List.copyOf(contacts == null ? List.of() : contacts);
        if (contacts.size() > 20) {
            throw new IllegalArgumentException("at most 20 contacts per unit");
        }
    }

    /** A person to reach at the unit. */
    public record Contact(String name, String phone, @Nullable String title) {

        static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{4,19}");

        public Contact {
            if (name == null || name.isBlank() || name.length() > 64) {
                throw new IllegalArgumentException("contact name must be 1-64 characters");
            }
            if (phone == null || !PHONE.matcher(phone).matches()) {
                throw new IllegalArgumentException("contact phone '" + phone + "' must be 5-20 digits");
            }
            if (title != null && (title.isBlank() || title.length() > 64)) {
                throw new IllegalArgumentException("contact title must be 1-64 characters");
            }
        }
    }

    /** The scope of this unit's users in tokens and RLS, {@code unit:<code>}. */
    public String scopeUnit() {
        return "unit:" + code;
    }
}
