package cn.hotline.workforce.quality;

import java.util.regex.Pattern;

/**
 * One item of a score template. A scored item is worth up to {@code weight} points; a fatal item (致命项) is judged
 * violated or not, and a violation zeroes the whole score. A fatal item may also carry points.
 */
public record TemplateItem(String code, String name, int weight, boolean fatal) {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public TemplateItem {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "item code '" + code + "' must be 1-32 characters a-z, 0-9, '_' or '-', starting with a letter");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("item " + code + " needs a name of 1-64 characters");
        }
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("item " + code + ": weight must be 0-100");
        }
        if (weight == 0 && !fatal) {
            throw new IllegalArgumentException("item " + code + ": only a fatal item may have weight 0");
        }
    }
}
