package cn.hotline.ticket.knowledge.assistant;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The port of a generative model that phrases an answer from numbered sources. Adapters must not add facts: the
 * assistant checks every reply ({@link Answers#checked}) and falls back to the extractive answer when it cites nothing,
 * cites a source it was not given, or says the sources do not answer the question.
 */
public interface AnswerModel {

    /** The reply the model gives to {@code question} with only {@code sources} to go on. */
    Mono<String> phrase(String question, List<Source> sources);
}
