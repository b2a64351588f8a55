package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.tenancy.ScopeUnit;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an author writes: everything of an entry but its workflow state.
 *
 * @param scopeUnit the workstation or {@code unit:<code>} a WORKSTATION / UNIT entry belongs to; null otherwise
 * @param unitCode the handling unit a yellow-pages card describes
 * @param validFrom first day the entry is valid (null: since ever)
 * @param validTo last day the entry is valid (null: until taken off); past it, the entry leaves search by itself
 */
public record EntryContent(
        EntryKind kind,
        String title,
        String body,
        List<String> tags,
        String category,
        Tier tier,
        @Nullable String scopeUnit,
        @Nullable String unitCode,
        List<Contact> contacts,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validTo) {

    static final Pattern UNIT_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    public EntryContent {
        if (kind == null) {
            throw new IllegalArgumentException("kind: ARTICLE, TEMPLATE or YELLOW_PAGE");
        }
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title: 1-200 characters");
        }
        title = title.strip();
        if (body == null || body.isBlank() || body.length() > 20000) {
            throw new IllegalArgumentException("body: 1-20000 characters");
        }
        tags = List.copyOf(new LinkedHashSet<>(
                tags == null
                        ? List.of()
                        : tags.stream()
                                .map(tag -> tag == null ? "" : tag.strip())
                                .filter(tag -> !tag.isEmpty())
                                .toList()));
        if (tags.size() > 20 || tags.stream().anyMatch(tag -> tag.length() > 32)) {
            throw new IllegalArgumentException("tags: at most 20, each at most 32 characters");
        }
        category = Categories.requireValid(category);
        if (tier == null) {
            throw new IllegalArgumentException("tier: TENANT, WORKSTATION, UNIT or PERSONAL");
        }
        if (scopeUnit != null && scopeUnit.isBlank()) {
            scopeUnit = null;
        }
        switch (tier) {
            case WORKSTATION -> {
                if (scopeUnit == null || ScopeUnit.of(scopeUnit).isHandlingUnit()) {
                    throw new IllegalArgumentException("scopeUnit: a WORKSTATION entry names its workstation");
                }
            }
            case UNIT -> {
                if (scopeUnit == null || !ScopeUnit.of(scopeUnit).isHandlingUnit()) {
                    throw new IllegalArgumentException("scopeUnit: a UNIT entry names its unit as 'unit:<code>'");
                }
            }
            default -> {
                if (scopeUnit != null) {
                    throw new IllegalArgumentException("scopeUnit: only WORKSTATION and UNIT entries have one");
                }
            }
        }
        if (unitCode != null && unitCode.isBlank()) {
            unitCode = null;
        }
        if (unitCode != null && !UNIT_CODE.matcher(unitCode).matches()) {
            throw new IllegalArgumentException("unitCode: 1-40 characters a-z, 0-9, '_' or '-'");
        }
        if (kind == EntryKind.YELLOW_PAGE && unitCode == null) {
            throw new IllegalArgumentException("unitCode: a yellow-pages card names the handling unit it describes");
        }
        contacts = List.copyOf(contacts == null ? List.of() : contacts);
        if (contacts.size() > 20) {
            throw new IllegalArgumentException("contacts: at most 20");
        }
        if (validFrom != null && validTo != null && validFrom.isAfter(validTo)) {
            throw new IllegalArgumentException("validTo: must not be before validFrom");
        }
    }
}
