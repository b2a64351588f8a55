package cn.hotline.ticket.knowledge.search;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the index holds of a published entry.
 *
 * @param category the category path, levels joined by {@code /} (e.g. {@code 医保/异地就医}); filters match any prefix
 * @param tier TENANT, WORKSTATION, UNIT or PERSONAL
 * @param scopeUnit the workstation or {@code unit:<code>} of a WORKSTATION / UNIT entry
 * @param owner the author of a PERSONAL entry
 * @param hot views and citations, decayed over time (0 for none)
 */
public record IndexedEntry(
        UUID id,
        String kind,
        String title,
        String body,
        List<String> tags,
        String category,
        String tier,
        @Nullable String scopeUnit,
        @Nullable String owner,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validTo,
        double hot) {

    public IndexedEntry {
        if (id == null || title == null || title.isBlank() || body == null || category == null || tier == null) {
            throw new IllegalArgumentException("an indexed entry needs an id, a title, a body, a category and a tier");
        }
        tags = List.copyOf(tags);
        if (!(hot >= 0) || Double.isInfinite(hot)) {
            throw new IllegalArgumentException("hot must be a finite number >= 0");
        }
    }
}
