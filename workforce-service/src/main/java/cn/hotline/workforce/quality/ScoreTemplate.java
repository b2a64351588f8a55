package cn.hotline.workforce.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A version of a score template: its items' weights add up to 100. Versions are immutable; changing a template
 * adds a version, and tasks keep the version they were created with.
 */
public record ScoreTemplate(UUID id, String code, int version, String name, List<TemplateItem> items) {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public ScoreTemplate {
        if (id == null) {
            throw new IllegalArgumentException("a template needs an id");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "template code '" + code + "' must be 1-32 characters a-z, 0-9, '_', '-'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("template versions start at 1");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a template needs a name of 1-64 characters");
        }
        if (items == null || items.isEmpty() || items.size() > 50) {
            throw new IllegalArgumentException("a template needs 1-50 items");
        }
        items = List.copyOf(items);
        Set<String> codes = new HashSet<>();
        int total = 0;
        for (TemplateItem item : items) {
            if (!codes.add(item.code())) {
                throw new IllegalArgumentException("item code " + item.code() + " appears twice");
            }
            total += item.weight();
        }
        if (total != 100) {
            throw new IllegalArgumentException("the items' weights add up to " + total + ", not 100");
        }
    }

    /** A scored inspection: the total (0-100) and whether a fatal item was violated. */
    public record Score(double total, boolean fatal) {}

    /**
     * Scores {@code points} (item code → points, every item with weight > 0 must be given, each at most its weight)
     * with the fatal items in {@code violated}; a violation makes the total 0.
     */
    public Score score(Map<String, Integer> points, Set<String> violated) {
        for (String code : points.keySet()) {
            if (items.stream().noneMatch(i -> i.code().equals(code))) {
                throw new IllegalArgumentException(
                        "item " + code + " is not in template " + this.code + " v" + version);
            }
        }
        for (String code : violated) {
            if (items.stream().noneMatch(i -> i.code().equals(code) && i.fatal())) {
                throw new IllegalArgumentException("item " + code + " is not a fatal item of this template");
            }
        }
        int total = 0;
        for (TemplateItem item : items) {
            Integer given = points.get(item.code());
            if (given == null) {
                if (item.weight() > 0) {
                    throw new IllegalArgumentException("item " + item.code() + " has no points");
                }
                continue;
            }
            if (given < 0 || given > item.weight()) {
                throw new IllegalArgumentException(
                        "item " + item.code() + " takes 0-" + item.weight() + " points, not " + given);
            }
            total += given;
        }
        return violated.isEmpty() ? new Score(total, false) : new Score(0, true);
    }
}
