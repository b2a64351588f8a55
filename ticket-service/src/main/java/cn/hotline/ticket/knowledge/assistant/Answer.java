package cn.hotline.ticket.knowledge.assistant;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the assistant says, always with the entries it comes from.
 *
 * @param mode EXTRACTIVE (sentences taken from the entries), GENERATIVE (the tenant's model phrased it from them) or
 *     NOT_FOUND (the knowledge base has nothing on it; no answer is made up)
 * @param citations the entries the text cites as {@code [n]}
 * @param note why a generative answer was not used, when a model is configured
 */
public record Answer(Mode mode, String text, List<Source> citations, @Nullable String note) {

    public enum Mode {
        EXTRACTIVE,
        GENERATIVE,
        NOT_FOUND
    }

    public Answer {
        citations = List.copyOf(citations);
        if (mode != Mode.NOT_FOUND && citations.isEmpty()) {
            throw new IllegalArgumentException("an answer from the knowledge base cites at least one entry");
        }
    }

    public static final String NOTHING_FOUND = "知识库中没有找到与此问题相关的已发布条目，请转人工处理或向承办单位提问。";

    public Answer withNote(String why) {
        return new Answer(mode, text, citations, why);
    }
}
