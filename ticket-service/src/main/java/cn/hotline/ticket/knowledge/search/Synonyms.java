package cn.hotline.ticket.knowledge.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's synonym groups (医保 = 医疗保险 = 医疗保障): a query that contains one word of a group also looks for the
 * others, at a lower weight.
 */
public record Synonyms(List<List<String>> groups) {

    public static final Synonyms NONE = new Synonyms(List.of());

    public Synonyms {
        groups = groups.stream().map(List::copyOf).toList();
        for (List<String> group : groups) {
            if (group.size() < 2 || group.stream().anyMatch(word -> word == null || word.isBlank())) {
                throw new IllegalArgumentException("a synonym group needs at least two non-blank words");
            }
        }
    }

    /** The words to look for besides {@code text}: the other words of each group one of whose words occurs in it. */
    public List<String> expansions(String text) {
        Set<String> extra = new LinkedHashSet<>();
        for (List<String> group : groups) {
            if (group.stream().anyMatch(text::contains)) {
                group.stream().filter(word -> !text.contains(word)).forEach(extra::add);
            }
        }
        return new ArrayList<>(extra);
    }
}
