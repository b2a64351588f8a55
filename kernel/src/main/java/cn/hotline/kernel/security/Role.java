package cn.hotline.kernel.security;

import java.util.Optional;

/** The platform's role codes, as carried in the {@code roles} claim of an access token. */
public enum Role {
    /** The platform operator: tenants' configuration and health, never citizens' data by default. */
    OPERATOR,
    TENANT_ADMIN,
    SUPERVISOR,
    AGENT,
    TICKET_CLERK,
    /** A user of a handling unit (承办单位), narrowed to the unit's tickets. */
    UNIT_USER,
    /** The city platform's API client (client credentials). */
    CITY_PLATFORM;

    /** The Spring Security authority, {@code ROLE_<code>}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role with this code, if it is one of ours. */
    public static Optional<Role> fromCode(String code) {
        for (Role role : values()) {
            if (role.name().equals(code)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
