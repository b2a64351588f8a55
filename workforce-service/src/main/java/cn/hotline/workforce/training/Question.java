package cn.hotline.workforce.training;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A question of the bank. Choices are lettered A, B, C … in the order given; the answer of a single choice is one
 * letter, of a multiple choice two or more, of a true-false question {@code true} or {@code false}, of a short
 * question the reference answer shown to the scorer.
 */
public record Question(
        UUID id,
        Kind kind,
        String category,
        int difficulty,
        String stem,
        List<String> options,
        List<String> answer,
        int points,
        boolean active) {

    public enum Kind {
        SINGLE,
        MULTIPLE,
        TRUE_FALSE,
        SHORT;

        boolean objective() {
            return this != SHORT;
        }
    }

    public Question {
        if (category.isBlank() || category.strip().length() > 32) {
            throw new IllegalArgumentException("category has 1-32 characters");
        }
        if (difficulty < 1 || difficulty > 5) {
            throw new IllegalArgumentException("difficulty is 1-5");
        }
        if (stem.isBlank() || stem.length() > 2000) {
            throw new IllegalArgumentException("stem has 1-2000 characters");
        }
        if (points < 1 || points > 100) {
            throw new IllegalArgumentException("points is 1-100");
        }
        options = List.copyOf(options);
        answer = normalise(kind, options, answer);
        category = category.strip();
    }

    private static List<String> normalise(Kind kind, List<String> options, List<String> answer) {
        switch (kind) {
            case SINGLE, MULTIPLE -> {
                if (options.size() < 2 || options.size() > 8 || options.stream().anyMatch(String::isBlank)) {
                    throw new IllegalArgumentException("a choice question has 2-8 non-empty options");
                }
                Set<String> letters = letters(answer);
                for (String l : letters) {
                    if (l.length() != 1 || l.charAt(0) - 'A' >= options.size() || l.charAt(0) < 'A') {
                        throw new IllegalArgumentException("answer '" + l + "' is not one of the options' letters");
                    }
                }
                if (kind == Kind.SINGLE && letters.size() != 1) {
                    throw new IllegalArgumentException("a single choice has exactly one right option");
                }
                if (kind == Kind.MULTIPLE && letters.size() < 2) {
                    throw new IllegalArgumentException("a multiple choice has at least two right options");
                }
                return List.copyOf(letters);
            }
            case TRUE_FALSE -> {
                if (!options.isEmpty()) {
                    throw new IllegalArgumentException("a true-false question has no options");
                }
                if (answer.size() != 1
                        || !Set.of("true", "false")
                                .contains(answer.get(0).strip().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("the answer of a true-false question is true or false");
                }
                return List.of(answer.get(0).strip().toLowerCase(Locale.ROOT));
            }
            case SHORT -> {
                if (!options.isEmpty()) {
                    throw new IllegalArgumentException("a short question has no options");
                }
                if (answer.size() != 1 || answer.get(0).isBlank()) {
                    throw new IllegalArgumentException("a short question has one reference answer");
                }
                return List.of(answer.get(0).strip());
            }
        }
        throw new IllegalStateException();
    }

    static Set<String> letters(List<String> given) {
        Set<String> out = new TreeSet<>();
        given.forEach(g -> out.add(g.strip().toUpperCase(Locale.ROOT)));
        return out;
    }

    /**
     * Points for an objective answer: all of them for exactly the right option(s) (a multiple choice with one
     * missing or one extra option gets nothing), none otherwise; empty for a short answer (a person scores it).
     */
    public java.util.OptionalInt score(List<String> given) {
        return switch (kind) {
            case SINGLE, MULTIPLE ->
                java.util.OptionalInt.of(letters(given).equals(new TreeSet<>(answer)) ? points : 0);
            case TRUE_FALSE ->
                java.util.OptionalInt.of(
                        given.size() == 1 && given.get(0).strip().equalsIgnoreCase(answer.get(0)) ? points : 0);
            case SHORT -> java.util.OptionalInt.empty();
        };
    }
}
