package cn.hotline.tenant.directory;

import java.util.Locale;

/** What a role allows. Services check permissions, never role names, so custom roles work everywhere. */
public enum Permission {
    TENANTS_OPERATE,
    DIRECTORY_READ,
    DIRECTORY_WRITE,
    ROLES_ASSIGN,
    CLIENTS_MANAGE,
    CALENDAR_READ,
    CALENDAR_WRITE,
    UNITS_READ,
    UNITS_WRITE,
    CALLS_HANDLE,
    CALLS_SUPERVISE,
    TICKETS_READ,
    TICKETS_WRITE,
    TICKETS_DISPATCH,
    TICKETS_HANDLE_UNIT,
    CITY_EXCHANGE,
    REPORTS_READ,
    /** The tenant's own quotas: limits and what is in use (the operator sets them). */
    QUOTAS_READ;

    /** The stored and published form, {@code directory.read}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }

    public static Permission fromCode(String code) {
        for (Permission p : values()) {
            if (p.code().equals(code)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown permission '" + code + "'");
    }
}
