package cn.hotline.ticket.knowledge.search;

import org.jspecify.annotations.Nullable;

/**
 * Whose eyes a search runs for. Tenant-tier entries are for everyone of the tenant; workstation and unit entries for
 * callers narrowed to that scope and for callers who see the whole tenant; personal entries for their author only.
 *
 * @param subject the caller's user id
 * @param scopeUnit the workstation or {@code unit:<code>} the caller is narrowed to; null for the whole tenant
 */
public record Viewer(String subject, @Nullable String scopeUnit) {

    public Viewer {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a viewer needs a subject");
        }
    }
}
