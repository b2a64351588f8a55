package cn.hotline.workforce.announcement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTermsTest {

    @Test
    void cutsHanRunsIntoOverlappingBigramsAndKeepsLatinWordsWhole() {
        assertThat(SearchTerms.of("医保缴费")).containsExactly("医保", "保缴", "缴费");
        assertThat(SearchTerms.of("拨打12345或WeChat")).containsExactly("拨打", "12345", "或", "wechat");
    }

    @Test
    void foldsFullWidthCharactersBeforeCutting() {
        assertThat(SearchTerms.of("ＡＢＣ１２３，社保")).containsExactly("abc123", "社保");
    }
}
