package cn.hotline.ticket.knowledge.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * One tenant's published entries in an in-memory Lucene index. Built whole from the database and swapped in
 * ({@link #build}); kept current by {@link #upsert} / {@link #remove} in between. Thread-safe. Searching and writing are
 * CPU work that may take locks: callers run them off event-loop threads.
 */
public final class KnowledgeIndex implements AutoCloseable {

    private static final String ID = "id";
    private static final String KIND = "kind";
    private static final String TITLE = "title";
    private static final String BODY = "body";
    private static final String TAGS = "tags";
    private static final String CATEGORY_TEXT = "category_text";
    private static final String CATEGORY = "category";
    private static final String TIER = "tier";
    private static final String SCOPE = "scope";
    private static final String OWNER = "owner";
    private static final String VALID_FROM = "valid_from";
    private static final String VALID_TO = "valid_to";
    private static final String FEATURES = "features";
    private static final String HOT = "hot";
    private static final String NONE = "-";
    private static final int SNIPPET = 90;

    private final Segmentation segmentation;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile Synonyms synonyms;

    private KnowledgeIndex(Segmentation segmentation, Synonyms synonyms) throws IOException {
        this.segmentation = segmentation;
        this.analyzer = segmentation.analyzer();
        this.synonyms = synonyms;
        this.writer = new IndexWriter(new ByteBuffersDirectory(), new IndexWriterConfig(analyzer));
        this.searchers = new SearcherManager(writer, null);
    }

    /** A new index holding {@code entries}; the caller swaps it in for the old one, which keeps serving meanwhile. */
    public static KnowledgeIndex build(Segmentation segmentation, Synonyms synonyms, Iterable<IndexedEntry> entries) {
        try {
            KnowledgeIndex index = new KnowledgeIndex(segmentation, synonyms);
            for (IndexedEntry entry : entries) {
                index.writer.addDocument(index.document(entry));
            }
            index.writer.commit();
            index.searchers.maybeRefreshBlocking();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Segmentation segmentation() {
        return segmentation;
    }

    public void synonyms(Synonyms synonyms) {
        this.synonyms = synonyms;
    }

    public Synonyms synonyms() {
        return synonyms;
    }

    /** Adds or replaces an entry; searches see it on return. */
    public void upsert(IndexedEntry entry) {
        try {
            writer.updateDocument(new Term(ID, entry.id().toString()), document(entry));
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes an entry (taken off the shelf, deleted); searches no longer find it on return. */
    public void remove(UUID id) {
        try {
            writer.deleteDocuments(new Term(ID, id.toString()));
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return writer.getDocStats().numDocs;
    }

    private Document document(IndexedEntry entry) {
        Document doc = new Document();
        doc.add(new StringField(ID, entry.id().toString(), Field.Store.YES));
        doc.add(new StringField(KIND, entry.kind(), Field.Store.YES));
        doc.add(new TextField(TITLE, entry.title(), Field.Store.YES));
        doc.add(new TextField(BODY, entry.body(), Field.Store.YES));
        doc.add(new TextField(TAGS, String.join("，", entry.tags()), Field.Store.NO));
        doc.add(new TextField(CATEGORY_TEXT, entry.category().replace('/', '，'), Field.Store.NO));
        doc.add(new StoredField(CATEGORY, entry.category()));
        for (String prefix : prefixes(entry.category())) {
            doc.add(new StringField(CATEGORY, prefix, Field.Store.NO));
        }
        doc.add(new StringField(TIER, entry.tier(), Field.Store.NO));
        doc.add(new StringField(SCOPE, entry.scopeUnit() == null ? NONE : entry.scopeUnit(), Field.Store.NO));
        doc.add(new StringField(OWNER, entry.owner() == null ? NONE : entry.owner(), Field.Store.NO));
        doc.add(new LongPoint(
                VALID_FROM,
                entry.validFrom() == null ? Long.MIN_VALUE : entry.validFrom().toEpochDay()));
        doc.add(new LongPoint(
                VALID_TO,
                entry.validTo() == null ? Long.MAX_VALUE : entry.validTo().toEpochDay()));
        if (entry.hot() > 0) {
            doc.add(new FeatureField(FEATURES, HOT, (float) Math.min(entry.hot(), 1e6)));
        }
        return doc;
    }

    private static List<String> prefixes(String category) {
        List<String> prefixes = new ArrayList<>();
        int slash = category.indexOf('/');
        while (slash > 0) {
            prefixes.add(category.substring(0, slash));
            slash = category.indexOf('/', slash + 1);
        }
        prefixes.add(category);
        return prefixes;
    }

    /** The entries {@code viewer} may see that match {@code query}, best first, highlighted. */
    public List<Hit> search(SearchQuery query, Viewer viewer) {
        List<String> terms = terms(query.text());
        List<String> extra = new ArrayList<>();
        for (String word : synonyms.expansions(query.text())) {
            extra.addAll(terms(word));
        }
        extra.removeAll(terms);
        if (terms.isEmpty() && extra.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        terms.forEach(term -> addTerm(text, term, 1f));
        extra.forEach(term -> addTerm(text, term, 0.7f));
        BooleanQuery.Builder all = new BooleanQuery.Builder()
                .add(text.build(), Occur.MUST)
                .add(visibleTo(viewer), Occur.FILTER)
                .add(
                        LongPoint.newRangeQuery(
                                VALID_FROM, Long.MIN_VALUE, query.on().toEpochDay()),
                        Occur.FILTER)
                .add(LongPoint.newRangeQuery(VALID_TO, query.on().toEpochDay(), Long.MAX_VALUE), Occur.FILTER)
                .add(FeatureField.newSaturationQuery(FEATURES, HOT, 2f, 20f), Occur.SHOULD);
        if (query.category() != null) {
            all.add(new TermQuery(new Term(CATEGORY, query.category())), Occur.FILTER);
        }
        if (query.kind() != null) {
            all.add(new TermQuery(new Term(KIND, query.kind())), Occur.FILTER);
        }
        List<String> marks = new ArrayList<>(terms);
        marks.addAll(extra);
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(all.build(), query.limit());
                List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc scored : top.scoreDocs) {
                    Document doc = searcher.storedFields().document(scored.doc);
                    String title = doc.get(TITLE);
                    String body = doc.get(BODY);
                    hits.add(new Hit(
                            UUID.fromString(doc.get(ID)),
                            doc.get(KIND),
                            doc.get(CATEGORY),
                            Highlight.mark(title, marks),
                            Highlight.snippet(body, marks, SNIPPET),
                            body,
                            scored.score));
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTerm(BooleanQuery.Builder text, String term, float weight) {
        text.add(boost(new TermQuery(new Term(TITLE, term)), 3f * weight), Occur.SHOULD);
        text.add(boost(new TermQuery(new Term(TAGS, term)), 2f * weight), Occur.SHOULD);
        text.add(boost(new TermQuery(new Term(CATEGORY_TEXT, term)), 1f * weight), Occur.SHOULD);
        text.add(boost(new TermQuery(new Term(BODY, term)), 1f * weight), Occur.SHOULD);
    }

    private static Query boost(Query query, float weight) {
        return weight == 1f ? query : new BoostQuery(query, weight);
    }

    private static Query visibleTo(Viewer viewer) {
        BooleanQuery.Builder visible = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TIER, "TENANT")), Occur.SHOULD)
                .add(
                        new BooleanQuery.Builder()
                                .add(new TermQuery(new Term(TIER, "PERSONAL")), Occur.FILTER)
                                .add(new TermQuery(new Term(OWNER, viewer.subject())), Occur.FILTER)
                                .build(),
                        Occur.SHOULD);
        if (viewer.scopeUnit() == null) {
            visible.add(new TermQuery(new Term(TIER, "WORKSTATION")), Occur.SHOULD);
            visible.add(new TermQuery(new Term(TIER, "UNIT")), Occur.SHOULD);
        } else {
            visible.add(new TermQuery(new Term(SCOPE, viewer.scopeUnit())), Occur.SHOULD);
        }
        return visible.build();
    }

    /** The query's terms as the index cut them, without question words, in order, each once. */
    public List<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(BODY, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String value = term.toString().toLowerCase(Locale.ROOT);
                if (!Segmentation.QUESTION_WORDS.contains(value) && !value.isBlank()) {
                    terms.add(value);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(terms);
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
