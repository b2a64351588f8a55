package cn.hotline.ticket.knowledge.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class KnowledgeIndexTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Viewer AGENT = new Viewer("agent-1", null);

    static IndexedEntry entry(
            String title,
            String tier,
            @Nullable String scope,
            @Nullable String owner,
            @Nullable LocalDate from,
            @Nullable LocalDate to,
            double hot) {
        return new IndexedEntry(
                UUID.randomUUID(),
                "ARTICLE",
                title,
                title + "的办理说明。",
                List.of(),
                "医保/异地就医",
                tier,
                scope,
                owner,
                from,
                to,
                hot);
    }

    static List<UUID> ids(KnowledgeIndex index, String q, Viewer viewer) {
        return index.search(new SearchQuery(q, null, null, TODAY, 10), viewer).stream()
                .map(Hit::id)
                .toList();
    }

    @Test
    void expiredAndNotYetValidEntriesLeaveSearchByThemselves() {
        IndexedEntry current = entry("异地就医备案", "TENANT", null, null, TODAY.minusDays(1), TODAY, 0);
        IndexedEntry expired = entry("异地就医备案旧规定", "TENANT", null, null, null, TODAY.minusDays(1), 0);
        IndexedEntry future = entry("异地就医备案新规定", "TENANT", null, null, TODAY.plusDays(1), null, 0);
        try (KnowledgeIndex index =
                KnowledgeIndex.build(Segmentation.DEFAULT, Synonyms.NONE, List.of(current, expired, future))) {
            assertThat(ids(index, "异地就医", AGENT)).containsExactly(current.id());
            assertThat(index.search(new SearchQuery("异地就医", null, null, TODAY.plusDays(1), 10), AGENT))
                    .extracting(Hit::id)
                    .containsExactly(future.id());
        }
    }

    @Test
    void tiersShowEachCallerOnlyWhatItMaySee() {
        IndexedEntry tenant = entry("异地就医备案全市口径", "TENANT", null, null, null, null, 0);
        IndexedEntry station = entry("异地就医备案青秀工作站口径", "WORKSTATION", "nanning.qingxiu", null, null, null, 0);
        IndexedEntry unit = entry("异地就医备案医保局口径", "UNIT", "unit:ybj", null, null, null, 0);
        IndexedEntry mine = entry("异地就医备案我的笔记", "PERSONAL", null, "agent-1", null, null, 0);
        IndexedEntry theirs = entry("异地就医备案别人的笔记", "PERSONAL", null, "agent-2", null, null, 0);
        try (KnowledgeIndex index = KnowledgeIndex.build(
                Segmentation.DEFAULT, Synonyms.NONE, List.of(tenant, station, unit, mine, theirs))) {
            assertThat(ids(index, "异地就医备案", AGENT))
                    .containsExactlyInAnyOrder(tenant.id(), station.id(), unit.id(), mine.id());
            assertThat(ids(index, "异地就医备案", new Viewer("u-9", "unit:ybj")))
                    .containsExactlyInAnyOrder(tenant.id(), unit.id());
            assertThat(ids(index, "异地就医备案", new Viewer("a-7", "nanning.qingxiu")))
                    .containsExactlyInAnyOrder(tenant.id(), station.id());
        }
    }

    @Test
    void hotEntriesRankAboveEquallyGoodColdOnes() {
        IndexedEntry cold = entry("异地就医备案办理", "TENANT", null, null, null, null, 0);
        IndexedEntry hot = entry("异地就医备案办理", "TENANT", null, null, null, null, 40);
        try (KnowledgeIndex index = KnowledgeIndex.build(Segmentation.DEFAULT, Synonyms.NONE, List.of(cold, hot))) {
            assertThat(ids(index, "异地就医备案", AGENT)).containsExactly(hot.id(), cold.id());
        }
    }

    @Test
    void filtersByCategoryPrefixAndHighlightsTheQueryWords() {
        IndexedEntry medical = entry("异地就医备案", "TENANT", null, null, null, null, 0);
        IndexedEntry other = new IndexedEntry(
                UUID.randomUUID(), "ARTICLE", "异地就医<宣传>", "说明", List.of(), "宣传", "TENANT", null, null, null, null, 0);
        try (KnowledgeIndex index =
                KnowledgeIndex.build(Segmentation.DEFAULT, Synonyms.NONE, List.of(medical, other))) {
            List<Hit> hits = index.search(new SearchQuery("异地就医", "医保", null, TODAY, 10), AGENT);
            assertThat(hits).extracting(Hit::id).containsExactly(medical.id());
            assertThat(hits.getFirst().title()).isEqualTo("<em>异地就医</em>备案");
            assertThat(index.search(new SearchQuery("异地就医", null, null, TODAY, 10), AGENT))
                    .extracting(Hit::title)
                    .contains("<em>异地就医</em>&lt;宣传&gt;");
        }
    }

    @Test
    void upsertAndRemoveShowAtOnce() {
        IndexedEntry first = entry("社保卡挂失", "TENANT", null, null, null, null, 0);
        try (KnowledgeIndex index = KnowledgeIndex.build(Segmentation.DEFAULT, Synonyms.NONE, List.of())) {
            assertThat(ids(index, "社保卡", AGENT)).isEmpty();
            index.upsert(first);
            assertThat(ids(index, "社保卡", AGENT)).containsExactly(first.id());
            index.remove(first.id());
            assertThat(ids(index, "社保卡", AGENT)).isEmpty();
        }
    }
}
