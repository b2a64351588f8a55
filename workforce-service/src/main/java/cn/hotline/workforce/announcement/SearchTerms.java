package cn.hotline.workforce.announcement;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The search terms of a text: overlapping bigrams of each run of Han characters (a lone character stays a unigram),
 * and whole lower-cased words of letters and digits, after NFKC (full-width → half-width). A query matches a text when
 * the text has every term of the query, so {@code 医保} finds {@code 医保缴费} but {@code 保缴} alone finds it too —
 * the usual price of bigrams, accepted for announcements (short texts, recall matters more than precision).
 */
public final class SearchTerms {

    private SearchTerms() {}

    public static List<String> of(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Set<String> terms = new LinkedHashSet<>();
        StringBuilder han = new StringBuilder();
        StringBuilder word = new StringBuilder();
        normal.codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                flushWord(word, terms);
                han.appendCodePoint(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                flushHan(han, terms);
                word.appendCodePoint(cp);
            } else {
                flushHan(han, terms);
                flushWord(word, terms);
            }
        });
        flushHan(han, terms);
        flushWord(word, terms);
        return List.copyOf(terms);
    }

    private static void flushWord(StringBuilder word, Set<String> terms) {
        if (!word.isEmpty()) {
            terms.add(word.toString());
            word.setLength(0);
        }
    }

    private static void flushHan(StringBuilder han, Set<String> terms) {
        int[] cps = han.codePoints().toArray();
        if (cps.length == 1) {
            terms.add(new String(cps, 0, 1));
        }
        for (int i = 0; i + 1 < cps.length; i++) {
            terms.add(new String(cps, i, 2));
        }
        han.setLength(0);
    }
}
