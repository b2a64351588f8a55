package cn.hotline.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginMessagesTest {

    private final LoginMessages chinese = LoginMessages.of("zh");
    private final LoginMessages english = LoginMessages.of("en");

    @Test
    void chineseIsTheDefault() {
        assertThat(LoginMessages.of("fr").english()).isFalse();
        assertThat(LoginMessages.of("").htmlLang()).isEqualTo("zh-CN");
    }

    @Test
    void lockoutSaysHowLongInMinutesRoundedUpOrSeconds() {
        assertThat(chinese.error(LoginRejected.Reason.ACCOUNT_LOCKED, 61)).contains("2 分钟");
        assertThat(chinese.error(LoginRejected.Reason.ACCOUNT_LOCKED, 45)).contains("45 秒");
        assertThat(english.error(LoginRejected.Reason.ACCOUNT_LOCKED, 60)).contains("1 minute.");
    }

    @Test
    void everyReasonHasADistinctMessageInBothLanguages() {
        for (LoginRejected.Reason reason : LoginRejected.Reason.values()) {
            assertThat(chinese.error(reason, 60)).isNotBlank().isNotEqualTo(english.error(reason, 60));
            assertThat(LoginRejected.Reason.fromParam(reason.param())).isEqualTo(reason);
        }
    }
}
