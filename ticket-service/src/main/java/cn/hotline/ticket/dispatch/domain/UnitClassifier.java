package cn.hotline.ticket.dispatch.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Multinomial naive Bayes with Laplace smoothing that suggests the handling unit for a ticket from the tenant's own
 * history. Features: the category and each of its ancestors ({@code c:env}, {@code c:env.noise}), the area ({@code
 * a:qingxiu}), and the character bigrams of the content (Chinese has no spaces; bigrams are the usual cheap stand-in
 * for words). Immutable once trained.
 */
public final class UnitClassifier {

    /** One labelled example: what the ticket said, and the unit that handled it to the end. */
    public record Example(String category, @Nullable String area, String content, String unit) {}

    /** A suggested unit with its posterior probability among the known units. */
    public record Suggestion(String unit, double probability) {}

    /** Accuracy on held-out examples. */
    public record Evaluation(int trainedOn, int heldOut, @Nullable Double top1, @Nullable Double top3) {}

    private final Map<String, Integer> docs = new HashMap<>();
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final Map<String, Integer> totals = new HashMap<>();
    private final Set<String> vocabulary = new HashSet<>();
    private final int examples;

    private UnitClassifier(List<Example> training) {
        for (Example e : training) {
            docs.merge(e.unit(), 1, Integer::sum);
            Map<String, Integer> unitCounts = counts.computeIfAbsent(e.unit(), k -> new HashMap<>());
            for (String f : features(e.category(), e.area(), e.content())) {
                unitCounts.merge(f, 1, Integer::sum);
                totals.merge(e.unit(), 1, Integer::sum);
                vocabulary.add(f);
            }
        }
        this.examples = training.size();
    }

    public static UnitClassifier train(List<Example> training) {
        return new UnitClassifier(training);
    }

    public int examples() {
        return examples;
    }

    /** The {@code limit} most likely units, most likely first; empty when nothing was learnt. */
    public List<Suggestion> suggest(String category, @Nullable String area, String content, int limit) {
        if (docs.isEmpty()) {
            return List.of();
        }
        List<String> features = features(category, area, content);
        Map<String, Double> logScores = new HashMap<>();
        double v = vocabulary.size() + 1.0;
        for (String unit : docs.keySet()) {
            double score = Math.log(docs.get(unit) / (double) examples);
            Map<String, Integer> unitCounts = counts.get(unit);
            double total = totals.getOrDefault(unit, 0);
            for (String f : features) {
                score += Math.log((unitCounts.getOrDefault(f, 0) + 1.0) / (total + v));
            }
            logScores.put(unit, score);
        }
        double max = logScores.values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        double sum =
                logScores.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
        List<Suggestion> ranked = new ArrayList<>();
        logScores.forEach((unit, s) -> ranked.add(new Suggestion(unit, Math.exp(s - max) / sum)));
        ranked.sort(
                Comparator.comparingDouble(Suggestion::probability).reversed().thenComparing(Suggestion::unit));
        return List.copyOf(ranked.subList(0, Math.min(limit, ranked.size())));
    }

    /**
     * Trains on the examples not held out and measures on those held out: every {@code fold}-th example (in the
     * given order) is held out.
     */
    public static Evaluation evaluate(List<Example> all, int fold) {
        List<Example> training = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % fold == fold - 1 ? heldOut : training).add(all.get(i));
        }
        UnitClassifier model = train(training);
        int top1 = 0;
        int top3 = 0;
        for (Example e : heldOut) {
            List<Suggestion> s = model.suggest(e.category(), e.area(), e.content(), 3);
            if (!s.isEmpty() && s.getFirst().unit().equals(e.unit())) {
                top1++;
            }
            if (s.stream().anyMatch(x -> x.unit().equals(e.unit()))) {
                top3++;
            }
        }
        return heldOut.isEmpty()
                ? new Evaluation(training.size(), 0, null, null)
                : new Evaluation(
                        training.size(),
                        heldOut.size(),
                        top1 / (double) heldOut.size(),
                        top3 / (double) heldOut.size());
    }

    static List<String> features(String category, @Nullable String area, String content) {
        List<String> features = new ArrayList<>();
        String[] parts = category.split("\\.");
        for (int i = 1; i <= parts.length; i++) {
            features.add("c:" + String.join(".", java.util.Arrays.copyOf(parts, i)));
        }
        if (area != null) {
            features.add("a:" + area);
        }
        String text = content.replaceAll("[\\s\\p{Punct}，。！？、；：“”‘’（）《》]", "");
        for (int i = 0; i + 1 < text.length(); i++) {
            features.add("b:" + text.substring(i, i + 2));
        }
        return features;
    }
}
