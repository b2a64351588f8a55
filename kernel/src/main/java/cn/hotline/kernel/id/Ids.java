package cn.hotline.kernel.id;

import java.util.regex.Pattern;

/** Shared validation for identifier records. */
final class Ids {

    private Ids() {}

    static String require(String kind, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(kind + " '" + value + "' is invalid: " + rule);
        }
        return value;
    }
}
