package cn.hotline.workforce.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Paper assembly: each rule asks for {@code count} active questions of a kind, optionally of one category and one
 * difficulty; rules are served in order, a question is used once. Among the matching questions the choice is a
 * shuffle seeded with the paper's seed over the bank sorted by id, so the same bank and seed give the same paper.
 */
public final class PaperRules {

    private PaperRules() {}

    public record Rule(Question.Kind kind, @Nullable String category, @Nullable Integer difficulty, int count) {
        public Rule {
            if (count < 1 || count > 200) {
                throw new IllegalArgumentException("a rule picks 1-200 questions");
            }
            if (difficulty != null && (difficulty < 1 || difficulty > 5)) {
                throw new IllegalArgumentException("difficulty is 1-5");
            }
        }

        boolean matches(Question q) {
            return q.active()
                    && q.kind() == kind
                    && (category == null || category.equals(q.category()))
                    && (difficulty == null || difficulty == q.difficulty());
        }
    }

    /** The bank cannot serve a rule. */
    public static final class Shortfall extends IllegalArgumentException {
        Shortfall(int rule, Rule r, int available) {
            super("rule " + (rule + 1) + " asks for " + r.count() + " " + r.kind() + " questions"
                    + (r.category() == null ? "" : " of category " + r.category())
                    + (r.difficulty() == null ? "" : " of difficulty " + r.difficulty()) + ", the bank has "
                    + available);
        }
    }

    public static List<Question> assemble(List<Rule> rules, List<Question> bank, long seed) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a paper needs at least one rule");
        }
        Random random = new Random(seed);
        List<Question> sorted = new ArrayList<>(bank);
        sorted.sort(Comparator.comparing(Question::id));
        Set<UUID> used = new HashSet<>();
        List<Question> paper = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            List<Question> candidates = new ArrayList<>();
            for (Question q : sorted) {
                if (rule.matches(q) && !used.contains(q.id())) {
                    candidates.add(q);
                }
            }
            if (candidates.size() < rule.count()) {
                throw new Shortfall(i, rule, candidates.size());
            }
            java.util.Collections.shuffle(candidates, random);
            for (Question q : candidates.subList(0, rule.count())) {
                used.add(q.id());
                paper.add(q);
            }
        }
        return paper;
    }
}
