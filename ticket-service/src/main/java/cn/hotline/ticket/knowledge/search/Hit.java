package cn.hotline.ticket.knowledge.search;

import java.util.UUID;

/**
 * One search result.
 *
 * @param title the title with the query's words in {@code <em>}, HTML-escaped
 * @param snippet a passage of the body around the query's words, highlighted the same way
 * @param body the whole body (plain), for answers built from the hit
 */
public record Hit(UUID id, String kind, String category, String title, String snippet, String body, float score) {}
