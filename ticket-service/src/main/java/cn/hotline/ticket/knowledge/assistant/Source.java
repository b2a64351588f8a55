package cn.hotline.ticket.knowledge.assistant;

import java.util.UUID;

/** A published entry an answer may draw on, numbered as answers cite it ({@code [1]}). */
public record Source(int number, UUID entryId, String title, String text) {

    public Source {
        if (number < 1 || entryId == null || title == null || text == null) {
            throw new IllegalArgumentException("a source needs a number >= 1, an entry, a title and a text");
        }
    }
}
