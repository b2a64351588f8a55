package cn.hotline.benchmarks.knowledge;

import cn.hotline.ticket.knowledge.search.IndexedEntry;
import cn.hotline.ticket.knowledge.search.KnowledgeIndex;
import cn.hotline.ticket.knowledge.search.SearchQuery;
import cn.hotline.ticket.knowledge.search.Segmentation;
import cn.hotline.ticket.knowledge.search.Synonyms;
import cn.hotline.ticket.knowledge.search.Viewer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Search latency over 50,000 knowledge entries: ticket-service's Lucene index (the default segmentation, and smartcn
 * for comparison) versus the plain baseline a first implementation would write — {@code title LIKE '%w%' OR body LIKE
 * '%w%'} for each of the query's words (the first 8 terms the index cuts), on the same rows in the devstack PostgreSQL
 * (scratch database {@code kb_bench}), once taking the first 10 matches in no order and once ranked by how many words
 * match. All answer the same labelled citizen questions, one at a time on one thread.
 *
 * <p>Entries: the 77 seeded 12345 / 医保 entries, each varied per district and number, with a sentence borrowed from
 * another entry so that no two are alike. Settings: {@code bench.env} (devstack env file), {@code bench.entries}
 * (50000), {@code bench.queries} (3000 index searches), {@code bench.sqlQueries} (300 LIKE queries), {@code
 * bench.corpus} / {@code bench.questions} (the TSV files).
 */
public final class KnowledgeSearchBenchmark {

    private static final String[] DISTRICTS = {"青秀", "兴宁", "江南", "西乡塘", "良庆", "邕宁", "武鸣", "横州", "宾阳", "上林"};
    private static final LocalDate TODAY = LocalDate.now();
    private static final Viewer AGENT = new Viewer("bench-agent", null);

    private KnowledgeSearchBenchmark() {}

    record Seed(String category, String title, List<String> tags, String[] sentences) {}

    record Latency(String name, long[] nanos) {
        double percentileMillis(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "%-36s %6d queries  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms",
                    name,
                    nanos.length,
                    percentileMillis(0.50),
                    percentileMillis(0.99),
                    percentileMillis(1.0));
        }
    }

    public static void main(String[] args) throws Exception {
        Path env = Path.of(System.getProperty("bench.env", ".devstack/stack.env"));
        int count = Integer.getInteger("bench.entries", 50_000);
        int queries = Integer.getInteger("bench.queries", 3000);
        int sqlQueries = Integer.getInteger("bench.sqlQueries", 300);
        Path corpus =
                Path.of(System.getProperty("bench.corpus", "ticket-service/src/test/resources/knowledge/corpus.tsv"));
        Path questionFile = Path.of(
                System.getProperty("bench.questions", "ticket-service/src/test/resources/knowledge/questions.tsv"));
        Properties stack = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            stack.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the devstack env file " + env.toAbsolutePath(), e);
        }
        List<Seed> seeds = seeds(corpus);
        List<String> questions = questions(questionFile);
        List<IndexedEntry> entries = entries(seeds, count);
        System.out.printf(
                Locale.ROOT,
                "Knowledge search: %d entries (from %d seeds), %d labelled questions cycled; %d cores, load %s%n",
                entries.size(),
                seeds.size(),
                questions.size(),
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());

        List<Latency> results = new ArrayList<>();
        List<String> likeTerms = null;
        for (Segmentation segmentation : List.of(Segmentation.DEFAULT, other(Segmentation.DEFAULT))) {
            long started = System.nanoTime();
            try (KnowledgeIndex index = KnowledgeIndex.build(segmentation, Synonyms.NONE, entries)) {
                System.out.printf(
                        Locale.ROOT,
                        "  %s index of %d entries built in %.1f s%n",
                        segmentation,
                        index.size(),
                        (System.nanoTime() - started) / 1e9);
                run(index, questions, Math.min(1000, queries));
                results.add(new Latency(
                        "Lucene " + segmentation + (segmentation == Segmentation.DEFAULT ? " (chosen)" : ""),
                        run(index, questions, queries)));
                if (segmentation == Segmentation.DEFAULT) {
                    likeTerms = new ArrayList<>();
                    for (String q : questions) {
                        likeTerms.add(String.join(
                                "\t", index.terms(q).stream().limit(8).toList()));
                    }
                }
            }
        }

        String url = "jdbc:postgresql://" + stack.getProperty("CC_PG_HOST") + ":" + stack.getProperty("CC_PG_PORT");
        String user = stack.getProperty("CC_PG_SUPERUSER");
        String password = stack.getProperty("CC_PG_SUPERPASSWORD");
        prepare(url, user, password, entries);
        try (Connection c = DriverManager.getConnection(url + "/kb_bench", user, password)) {
            like(c, likeTerms, Math.min(30, sqlQueries), false);
            results.add(new Latency("LIKE, first 10 matches (unranked)", like(c, likeTerms, sqlQueries, false)));
            like(c, likeTerms, Math.min(10, sqlQueries), true);
            results.add(new Latency("LIKE, ranked by words matched", like(c, likeTerms, sqlQueries, true)));
        }

        System.out.println();
        results.forEach(r -> System.out.println("  " + r.line()));
        Latency chosen = results.getFirst();
        System.out.println();
        for (Latency baseline : results.subList(results.size() - 2, results.size())) {
            System.out.printf(
                    Locale.ROOT,
                    "  p99 ratio %s / Lucene %s: %.2fx   (p50 ratio %.2fx)%n",
                    baseline.name(),
                    Segmentation.DEFAULT,
                    baseline.percentileMillis(0.99) / chosen.percentileMillis(0.99),
                    baseline.percentileMillis(0.50) / chosen.percentileMillis(0.50));
        }
    }

    private static Segmentation other(Segmentation s) {
        return s == Segmentation.BIGRAM ? Segmentation.SMARTCN : Segmentation.BIGRAM;
    }

    private static long[] run(KnowledgeIndex index, List<String> questions, int n) {
        long[] nanos = new long[n];
        int found = 0;
        for (int i = 0; i < n; i++) {
            SearchQuery query = new SearchQuery(questions.get(i % questions.size()), null, null, TODAY, 10);
            long started = System.nanoTime();
            found += index.search(query, AGENT).isEmpty() ? 0 : 1;
            nanos[i] = System.nanoTime() - started;
        }
        if (found < n / 2) {
            throw new IllegalStateException("most searches found nothing: the benchmark is not measuring search");
        }
        return nanos;
    }

    private static long[] like(Connection c, List<String> termLines, int n, boolean ranked) throws SQLException {
        long[] nanos = new long[n];
        int found = 0;
        for (int i = 0; i < n; i++) {
            String[] terms = termLines.get(i % termLines.size()).split("\t");
            StringBuilder sql = new StringBuilder("SELECT id, title FROM kb_bench_entry WHERE (valid_to IS NULL OR"
                    + " valid_to >= current_date) AND (false");
            for (int t = 0; t < terms.length; t++) {
                sql.append(" OR title LIKE ? OR body LIKE ?");
            }
            sql.append(")");
            if (ranked) {
                // Most matched words first, title matches counting three times: it has to look at every match.
                sql.append(" ORDER BY (0");
                for (int t = 0; t < terms.length; t++) {
                    sql.append(" + 3 * (title LIKE ?)::int + (body LIKE ?)::int");
                }
                sql.append(") DESC");
            }
            sql.append(" LIMIT 10");
            long started = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (int round = 0; round < (ranked ? 2 : 1); round++) {
                    for (String term : terms) {
                        s.setString(p++, "%" + term + "%");
                        s.setString(p++, "%" + term + "%");
                    }
                }
                try (ResultSet rows = s.executeQuery()) {
                    found += rows.next() ? 1 : 0;
                    while (rows.next()) {
                        // read all, as the index search does
                    }
                }
            }
            nanos[i] = System.nanoTime() - started;
        }
        if (found < n / 2) {
            throw new IllegalStateException("most LIKE queries found nothing: the baseline is not measuring search");
        }
        return nanos;
    }

    private static void prepare(String url, String user, String password, List<IndexedEntry> entries)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url + "/postgres", user, password);
                Statement s = c.createStatement();
                ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'kb_bench'")) {
            if (!exists.next()) {
                s.execute("CREATE DATABASE kb_bench");
            }
        }
        try (Connection c = DriverManager.getConnection(url + "/kb_bench", user, password);
                Statement s = c.createStatement()) {
            try {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
                System.out.println("  pg_trgm: available in this PostgreSQL");
            } catch (SQLException e) {
                System.out.println("  pg_trgm: NOT available in this PostgreSQL ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            s.execute("DROP TABLE IF EXISTS kb_bench_entry");
            s.execute("CREATE TABLE kb_bench_entry (id uuid PRIMARY KEY, title text NOT NULL, body text NOT NULL,"
                    + " category text NOT NULL, valid_to date)");
            c.setAutoCommit(false);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO kb_bench_entry (id, title, body, category) VALUES (?, ?, ?, ?)")) {
                int batch = 0;
                for (IndexedEntry entry : entries) {
                    insert.setObject(1, entry.id());
                    insert.setString(2, entry.title());
                    insert.setString(3, entry.body());
                    insert.setString(4, entry.category());
                    insert.addBatch();
                    if (++batch % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("ANALYZE kb_bench_entry");
        }
    }

    private static List<IndexedEntry> entries(List<Seed> seeds, int count) {
        SplittableRandom random = new SplittableRandom(8);
        List<IndexedEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Seed seed = seeds.get(i % seeds.size());
            Seed other = seeds.get(random.nextInt(seeds.size()));
            String district = DISTRICTS[random.nextInt(DISTRICTS.length)];
            List<String> sentences = new ArrayList<>(Arrays.asList(seed.sentences()));
            sentences.add(other.sentences()[random.nextInt(other.sentences().length)]);
            sentences.add(district + "区经办窗口地址和咨询电话以区政务服务中心公告为准（编号" + i + "）。");
            entries.add(new IndexedEntry(
                    UUID.nameUUIDFromBytes(("kb-bench:" + i).getBytes(StandardCharsets.UTF_8)),
                    "ARTICLE",
                    seed.title() + "（" + district + "区）",
                    String.join("", sentences),
                    seed.tags(),
                    seed.category(),
                    "TENANT",
                    null,
                    null,
                    null,
                    null,
                    random.nextInt(4) == 0 ? random.nextInt(50) : 0));
        }
        return entries;
    }

    private static List<Seed> seeds(Path corpus) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] row = line.split("\t");
            seeds.add(new Seed(row[1], row[2], List.of(row[3].split(",")), row[4].split("(?<=。)")));
        }
        return seeds;
    }

    private static List<String> questions(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t")[0])
                .toList();
    }
}
