package cn.hotline.ticket.knowledge.search;

import java.util.List;

/** Marks the query's words in a text with {@code <em>}, escaping the rest for HTML. */
public final class Highlight {

    private Highlight() {}

    private static boolean[] marks(String text, List<String> words) {
        boolean[] marked = new boolean[text.length()];
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            int at = text.indexOf(word);
            while (at >= 0) {
                for (int i = at; i < at + word.length(); i++) {
                    marked[i] = true;
                }
                at = text.indexOf(word, at + 1);
            }
        }
        return marked;
    }

    /** The whole text, escaped, with each run of the words' characters in {@code <em>}. */
    public static String mark(String text, List<String> words) {
        return render(text, marks(text, words), 0, text.length());
    }

    /** About {@code length} characters of the text around the densest run of the words, marked; "…" where cut. */
    public static String snippet(String text, List<String> words, int length) {
        if (text.length() <= length) {
            return mark(text, words);
        }
        boolean[] marked = marks(text, words);
        int best = 0;
        int bestCount = -1;
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            count += marked[i] ? 1 : 0;
            if (i >= length) {
                count -= marked[i - length] ? 1 : 0;
            }
            if (i >= length - 1 && count > bestCount) {
                bestCount = count;
                best = i - length + 1;
            }
        }
        // Start a little before the first mark of the window, so the sentence's subject stays in view.
        int start = best;
        while (start < best + length && !marked[start]) {
            start++;
        }
        start = Math.max(0, Math.min(start - 10, text.length() - length));
        int end = Math.min(text.length(), start + length);
        return (start > 0 ? "…" : "") + render(text, marked, start, end) + (end < text.length() ? "…" : "");
    }

    private static String render(String text, boolean[] marked, int start, int end) {
        StringBuilder out = new StringBuilder(end - start + 16);
        boolean open = false;
        for (int i = start; i < end; i++) {
            if (marked[i] && !open) {
                out.append("<em>");
                open = true;
            } else if (!marked[i] && open) {
                out.append("</em>");
                open = false;
            }
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        if (open) {
            out.append("</em>");
        }
        return out.toString();
    }
}
