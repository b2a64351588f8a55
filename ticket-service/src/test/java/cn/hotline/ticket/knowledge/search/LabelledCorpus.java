package cn.hotline.ticket.knowledge.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seeded corpus ({@code knowledge/corpus.tsv}: 12345 and 医保 entries) and the hand-labelled questions
 * ({@code knowledge/questions.tsv}: question → the entry an agent should open).
 */
public final class LabelledCorpus {

    /** A corpus line. */
    public record Seed(String key, String category, String title, List<String> tags, String body) {
        public UUID id() {
            return UUID.nameUUIDFromBytes(("kb-seed:" + key).getBytes(StandardCharsets.UTF_8));
        }

        public IndexedEntry indexed() {
            return new IndexedEntry(id(), "ARTICLE", title, body, tags, category, "TENANT", null, null, null, null, 0);
        }
    }

    /** A labelled question. */
    public record Question(String text, String key) {}

    private LabelledCorpus() {}

    private static List<String[]> rows(String resource) {
        try (InputStream in = LabelledCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Seed> seeds() {
        Map<String, Seed> seeds = new LinkedHashMap<>();
        for (String[] row : rows("/knowledge/corpus.tsv")) {
            if (row.length != 5) {
                throw new IllegalStateException("corpus line needs 5 columns: " + Arrays.toString(row));
            }
            Seed seed = new Seed(row[0], row[1], row[2], List.of(row[3].split(",")), row[4]);
            if (seeds.put(seed.key(), seed) != null) {
                throw new IllegalStateException("duplicate corpus key " + seed.key());
            }
        }
        return seeds;
    }

    public static List<Question> questions() {
        return rows("/knowledge/questions.tsv").stream()
                .map(row -> new Question(row[0], row[1]))
                .toList();
    }
}
