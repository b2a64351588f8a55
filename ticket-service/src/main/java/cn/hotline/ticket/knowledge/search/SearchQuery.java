package cn.hotline.ticket.knowledge.search;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A search: free Chinese text, optionally narrowed to a category (and its sub-categories) and an entry kind.
 *
 * @param on the day whose validity counts: entries not yet valid or expired on that day are not found
 */
public record SearchQuery(String text, @Nullable String category, @Nullable String kind, LocalDate on, int limit) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_LIMIT = 50;

    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("q: say what you are looking for");
        }
        text = text.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("q: at most " + MAX_TEXT + " characters");
        }
        if (category != null && category.isBlank()) {
            category = null;
        }
        if (kind != null && kind.isBlank()) {
            kind = null;
        }
        if (on == null) {
            throw new IllegalArgumentException("a search needs the day validity is checked on");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: 1 to " + MAX_LIMIT);
        }
    }
}
