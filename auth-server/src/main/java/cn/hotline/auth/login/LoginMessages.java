package cn.hotline.auth.login;

import org.jspecify.annotations.Nullable;

/** The login page's texts, Chinese by default with an English switch. */
record LoginMessages(boolean english) {

    static LoginMessages of(String lang) {
        return new LoginMessages("en".equals(lang));
    }

    String htmlLang() {
        return english ? "en" : "zh-CN";
    }

    String title() {
        return english ? "Sign in" : "登录";
    }

    String subtitle() {
        return english ? "Government service hotline platform" : "政务服务便民热线平台";
    }

    String operators() {
        return english ? "Platform operations" : "平台运营";
    }

    String username() {
        return english ? "Username" : "用户名";
    }

    String password() {
        return english ? "Password" : "密码";
    }

    String submit() {
        return english ? "Sign in" : "登录";
    }

    String federatedButton(@Nullable String provider) {
        if (provider == null || provider.isBlank()) {
            return english ? "Sign in with the government identity platform" : "使用政务统一身份认证登录";
        }
        return english ? "Sign in with " + provider : "使用" + provider + "登录";
    }

    String signedIn(String name) {
        return english ? "Signed in as " + name + "." : "您已登录：" + name + "。";
    }

    String error(LoginRejected.Reason reason, long retryAfterSeconds) {
        return switch (reason) {
            case BAD_CREDENTIALS ->
                english
                        ? "Wrong username or password. After 5 failed attempts the account is locked for a while."
                        : "用户名或密码错误。连续输错 5 次后账户将被临时锁定。";
            case ACCOUNT_LOCKED ->
                english
                        ? "Too many failed attempts: the account is locked. Try again in " + waitFor(retryAfterSeconds)
                                + "."
                        : "密码错误次数过多，账户已被临时锁定，请在" + waitFor(retryAfterSeconds) + "后重试。";
            case UNKNOWN_TENANT ->
                english
                        ? "This hotline office does not exist or is not active; nobody can sign in here."
                        : "该单位不存在或已停用，无法登录。";
            case NOT_LINKED ->
                english
                        ? "Your identity-platform account is not linked to an account of this hotline office. Ask your administrator."
                        : "您的统一身份认证账号尚未关联本单位的热线账户，请联系管理员。";
            case FEDERATION_FAILED ->
                english
                        ? "Sign-in through the identity platform failed. Try again, or sign in with your password."
                        : "统一身份认证登录失败，请重试或使用账号密码登录。";
            case UNAVAILABLE ->
                english ? "Sign-in is unavailable at the moment. Please try again shortly." : "登录服务暂时不可用，请稍后重试。";
        };
    }

    /** "3 分钟" / "45 秒" (minutes rounded up). */
    String waitFor(long seconds) {
        long s = Math.max(1, seconds);
        if (s < 60) {
            return english ? s + (s == 1 ? " second" : " seconds") : " " + s + " 秒";
        }
        long minutes = (s + 59) / 60;
        return english ? minutes + (minutes == 1 ? " minute" : " minutes") : " " + minutes + " 分钟";
    }
}
