package cn.hotline.workforce.quality.auto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's rules over the agent's side of a transcript: a greeting (one of {@code greetings}) within the first
 * {@code greetingWithinSeconds} of the call, a closing (one of {@code closings}) in the agent's last
 * {@code closingSegments} segments, none of the {@code forbidden} words anywhere, and every one of the
 * {@code confirmations} (e.g. 核对身份, 复述诉求) somewhere. Phrases match as substrings, ignoring spaces and case.
 */
public record TranscriptRules(
        List<String> greetings,
        int greetingWithinSeconds,
        List<String> closings,
        int closingSegments,
        List<String> forbidden,
        List<String> confirmations) {

    public TranscriptRules {
        greetings = clean(greetings, "greetings");
        closings = clean(closings, "closings");
        forbidden = clean(forbidden, "forbidden");
        confirmations = clean(confirmations, "confirmations");
        if (greetingWithinSeconds < 1 || greetingWithinSeconds > 600) {
            throw new IllegalArgumentException("greetingWithinSeconds must be 1-600");
        }
        if (closingSegments < 1 || closingSegments > 20) {
            throw new IllegalArgumentException("closingSegments must be 1-20");
        }
    }

    private static List<String> clean(List<String> phrases, String field) {
        if (phrases == null || phrases.size() > 200) {
            throw new IllegalArgumentException(field + " must be a list of at most 200 phrases");
        }
        for (String p : phrases) {
            if (p == null || p.isBlank() || p.length() > 64) {
                throw new IllegalArgumentException(field + " holds a blank phrase or one longer than 64 characters");
            }
        }
        return List.copyOf(phrases);
    }

    /** One rule's outcome; {@code evidence} quotes what matched or says what is missing. */
    public record Finding(String rule, boolean passed, String evidence) {}

    public List<Finding> check(Transcript transcript) {
        List<Transcript.Segment> agent = transcript.agent();
        List<Finding> findings = new ArrayList<>();
        if (!greetings.isEmpty()) {
            String hit = agent.stream()
                    .filter(s -> s.startMs() <= greetingWithinSeconds * 1000L)
                    .map(s -> firstIn(s.text(), greetings))
                    .filter(p -> !p.isEmpty())
                    .findFirst()
                    .orElse("");
            findings.add(new Finding(
                    "GREETING",
                    !hit.isEmpty(),
                    hit.isEmpty() ? "no greeting in the first " + greetingWithinSeconds + " s" : hit));
        }
        if (!closings.isEmpty()) {
            List<Transcript.Segment> last = agent.subList(Math.max(0, agent.size() - closingSegments), agent.size());
            String hit = last.stream()
                    .map(s -> firstIn(s.text(), closings))
                    .filter(p -> !p.isEmpty())
                    .findFirst()
                    .orElse("");
            findings.add(new Finding("CLOSING", !hit.isEmpty(), hit.isEmpty() ? "no closing phrase" : hit));
        }
        for (String word : forbidden) {
            List<String> at = agent.stream()
                    .filter(s -> normal(s.text()).contains(normal(word)))
                    .map(s -> word + " @" + s.startMs() + "ms")
                    .toList();
            findings.add(
                    new Finding("FORBIDDEN:" + word, at.isEmpty(), at.isEmpty() ? "not said" : String.join(", ", at)));
        }
        for (String phrase : confirmations) {
            boolean said = agent.stream().anyMatch(s -> normal(s.text()).contains(normal(phrase)));
            findings.add(new Finding("CONFIRMATION:" + phrase, said, said ? phrase : "not confirmed"));
        }
        return findings;
    }

    private static String firstIn(String text, List<String> phrases) {
        String t = normal(text);
        return phrases.stream().filter(p -> t.contains(normal(p))).findFirst().orElse("");
    }

    private static String normal(String text) {
        return text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }
}
