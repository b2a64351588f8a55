package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.WorkstationId;
import java.util.regex.Pattern;

/** The scope a user or row is narrowed to: a workstation ({@code nanning.qingxiu}) or a handling unit ({@code unit:<code>}). */
public final class Scopes {

    static final Pattern UNIT = Pattern.compile("unit:[a-z0-9][a-z0-9_-]{0,39}");

    private Scopes() {}

    public static String requireValid(String scope) {
        if (UNIT.matcher(scope).matches()) {
            return scope;
        }
        try {
            return new WorkstationId(scope).value();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "scope '" + scope + "' must be a workstation '<tenant>.<name>' or a handling unit 'unit:<code>'");
        }
    }

    /** Whether {@code scope} may be used within {@code tenant}: units always, workstations only their own tenant's. */
    public static boolean belongsTo(String scope, String tenant) {
        return scope.startsWith("unit:") || scope.startsWith(tenant + ".");
    }
}
