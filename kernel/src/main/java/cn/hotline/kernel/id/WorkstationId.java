package cn.hotline.kernel.id;

import java.util.regex.Pattern;

/**
 * A workstation (工作站) inside a city tenant, written {@code tenant.child}: {@code nanning.qingxiu}.
 * Users of a workstation see only its part of the tenant's data (分权分域).
 */
public record WorkstationId(String value) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]\\.[a-z][a-z0-9-]{0,30}[a-z0-9]");

    public WorkstationId {
        Ids.require("workstation id", value, ID, "'<tenant>.<workstation>' in lowercase a-z, 0-9 and '-'");
    }

    public static WorkstationId of(String value) {
        return new WorkstationId(value);
    }

    public TenantId tenant() {
        return new TenantId(value.substring(0, value.indexOf('.')));
    }

    @Override
    public String toString() {
        return value;
    }
}
