package cn.hotline.ticket.ticket.domain;

import java.util.regex.Pattern;

/** A handling unit (承办单位) by its code in tenant-service's unit tree ({@code qingxiu-jtj}). */
public record UnitCode(String value) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    public UnitCode {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "unit code '" + value + "' must be 1-40 characters a-z, 0-9, '_' or '-'");
        }
    }

    public static UnitCode of(String value) {
        return new UnitCode(value);
    }

    /** The scope a unit's users carry: {@code unit:<code>}. */
    public String scope() {
        return "unit:" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
