package cn.hotline.kernel.tenancy;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The part of a tenant a user is narrowed to (分权分域): a workstation ({@code nanning.qingxiu}) or a
 * handling unit ({@code unit:<code>}, e.g. {@code unit:qingxiu-jtj}). It travels as one string in
 * the {@code scope_unit} token claim and in the {@code app.scope_unit} database setting, which
 * row-level-security policies compare with a row's {@code scope_unit} column.
 */
public record ScopeUnit(String value) {

    /** The prefix of a handling unit's scope. */
    public static final String UNIT_PREFIX = "unit:";

    private static final Pattern UNIT = Pattern.compile("unit:[a-z0-9][a-z0-9._-]{0,62}");

    public ScopeUnit {
        if (value == null) {
            throw new IllegalArgumentException("scope unit is required");
        }
        if (value.startsWith(UNIT_PREFIX)) {
            if (!UNIT.matcher(value).matches()) {
                throw new IllegalArgumentException("scope unit '" + value
                        + "' is not 'unit:<code>' with 1-63 characters a-z, 0-9, '.', '_' and '-'");
            }
        } else {
            WorkstationId.of(value); // validates
        }
    }

    /** Parses a workstation id or {@code unit:<code>}. */
    public static ScopeUnit of(String value) {
        return new ScopeUnit(value);
    }

    public static ScopeUnit of(WorkstationId workstation) {
        return new ScopeUnit(workstation.value());
    }

    /** A handling unit, by its code (without the {@code unit:} prefix). */
    public static ScopeUnit unit(String code) {
        return new ScopeUnit(UNIT_PREFIX + code);
    }

    public boolean isHandlingUnit() {
        return value.startsWith(UNIT_PREFIX);
    }

    public Optional<WorkstationId> workstation() {
        return isHandlingUnit() ? Optional.empty() : Optional.of(WorkstationId.of(value));
    }

    /** The handling unit's code, if this scope is a handling unit. */
    public Optional<String> unitCode() {
        return isHandlingUnit() ? Optional.of(value.substring(UNIT_PREFIX.length())) : Optional.empty();
    }

    /** Whether this scope may narrow {@code tenant}: a workstation must be one of the tenant's. */
    public boolean fits(TenantId tenant) {
        return workstation().map(w -> w.tenant().equals(tenant)).orElse(true);
    }

    @Override
    public String toString() {
        return value;
    }
}
