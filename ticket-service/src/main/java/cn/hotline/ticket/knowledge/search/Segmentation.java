package cn.hotline.ticket.knowledge.search;

import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;

/**
 * How Chinese text is cut into index terms. Both were measured on the labelled question set (SearchQualityTest, the
 * README's "Knowledge base" section): bigrams ranked the right entry slightly better and never highlight single
 * characters, so {@link #BIGRAM} is the default.
 */
public enum Segmentation {
    /** Lucene's smartcn: an HMM word segmenter with a built-in dictionary (社保卡 → 社保 / 卡). */
    SMARTCN,
    /** Overlapping character bigrams (异地就医 → 异地 / 地就 / 就医): no dictionary, more terms. */
    BIGRAM;

    /** The segmentation chosen by measurement. */
    public static final Segmentation DEFAULT = BIGRAM;

    /**
     * Function words of citizens' questions that say nothing about the topic (怎么 / 什么 / 吗 …); left out of queries
     * and highlights, kept in the index so that a phrase in a body still reads whole.
     */
    static final Set<String> QUESTION_WORDS = Set.of(
            "怎么", "怎么办", "怎样", "什么", "吗", "呢", "吧", "的", "了", "我", "我们", "你", "是", "在", "能", "能不能", "可以", "要", "去",
            "哪里", "哪", "多少", "多久", "有", "没有", "和", "还", "都", "也", "就", "会", "给", "被", "把", "这", "那", "个", "一", "不", "又",
            "么", "办", "谁", "找", "里");

    Analyzer analyzer() {
        return switch (this) {
            case SMARTCN -> new SmartChineseAnalyzer(CharArraySet.EMPTY_SET);
            case BIGRAM -> new CJKAnalyzer(CharArraySet.EMPTY_SET);
        };
    }
}
