package cn.hotline.ticket.knowledge.assistant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds extractive answers and checks generative ones against their sources. */
public final class Answers {

    /** What a model must reply when the sources do not answer the question. */
    public static final String NO_ANSWER = "NO_ANSWER";

    private static final Pattern CITE = Pattern.compile("\\[(\\d{1,2})]");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？；\\n])");
    private static final int MAX_SENTENCES = 3;

    private Answers() {}

    /**
     * The sentences of the sources that share the most of the question's terms (at most three, the best source's
     * first), each followed by the number of its source.
     */
    public static Answer extractive(List<String> terms, List<Source> sources) {
        record Scored(Source source, int position, String sentence, double score) {}
        List<Scored> scored = new ArrayList<>();
        for (Source source : sources) {
            String[] sentences = SENTENCE_END.split(source.text());
            for (int i = 0; i < sentences.length; i++) {
                String sentence = sentences[i].strip();
                if (sentence.isEmpty()) {
                    continue;
                }
                double score = 0;
                for (String term : terms) {
                    if (sentence.contains(term)) {
                        score += term.length();
                    }
                }
                // Earlier sources rank higher: the search put them first.
                score = score / (1 + 0.35 * (source.number() - 1));
                if (score > 0) {
                    scored.add(new Scored(source, i, sentence, score));
                }
            }
        }
        if (scored.isEmpty()) {
            return new Answer(Answer.Mode.NOT_FOUND, Answer.NOTHING_FOUND, List.of(), null);
        }
        List<Scored> best = scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .limit(MAX_SENTENCES)
                .sorted(Comparator.comparingInt((Scored s) -> s.source().number())
                        .thenComparingInt(Scored::position))
                .toList();
        StringBuilder text = new StringBuilder();
        Set<Source> cited = new LinkedHashSet<>();
        for (Scored s : best) {
            text.append(s.sentence()).append('[').append(s.source().number()).append(']');
            cited.add(s.source());
        }
        return new Answer(Answer.Mode.EXTRACTIVE, text.toString(), List.copyOf(cited), null);
    }

    /**
     * The model's reply as an answer, if it keeps the rules: not {@link #NO_ANSWER}, at least one citation, and only
     * citations of sources it was given. Empty otherwise.
     */
    public static Optional<Answer> checked(String reply, List<Source> sources) {
        String text = reply.strip();
        if (text.isEmpty() || text.contains(NO_ANSWER)) {
            return Optional.empty();
        }
        Matcher cite = CITE.matcher(text);
        Set<Source> cited = new LinkedHashSet<>();
        while (cite.find()) {
            int number = Integer.parseInt(cite.group(1));
            Optional<Source> source =
                    sources.stream().filter(s -> s.number() == number).findFirst();
            if (source.isEmpty()) {
                return Optional.empty();
            }
            cited.add(source.get());
        }
        if (cited.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Answer(Answer.Mode.GENERATIVE, text, List.copyOf(cited), null));
    }

    /** The instructions a model gets with every question. */
    public static String systemPrompt() {
        return "你是政务服务热线的知识库助手。只能依据用户消息中给出的编号知识条目回答，不得使用条目以外的任何知识，"
                + "不得编造政策、电话、金额或时限。每句话末尾用[编号]标注所依据的条目。"
                + "如果这些条目不能回答问题，只回复 " + NO_ANSWER + "。";
    }

    /** The user message: the question and the numbered sources. */
    public static String userPrompt(String question, List<Source> sources) {
        StringBuilder prompt = new StringBuilder("问题：").append(question).append("\n\n知识条目：\n");
        for (Source source : sources) {
            prompt.append('[')
                    .append(source.number())
                    .append("] ")
                    .append(source.title())
                    .append('\n')
                    .append(source.text())
                    .append("\n\n");
        }
        return prompt.toString();
    }
}
