package cn.hotline.workforce.sms;

import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's SMS settings: which gateway, the signature (签名) put in front of every text, the cloud provider's
 * endpoint and key when the provider is {@code HTTP}, the monthly quota, the sending rate, and the template sent to
 * citizens when their ticket closes (none: no reply SMS).
 *
 * @param httpSecret the provider's signing secret, opened; never leaves the service
 */
public record SmsSettings(
        String provider,
        String signName,
        @Nullable URI httpUrl,
        @Nullable String httpAccessKey,
        @Nullable String httpSecret,
        int monthlyQuota,
        int ratePerSecond,
        @Nullable UUID replyTemplate) {

    public SmsSettings {
        if (!provider.equals("SMPP") && !provider.equals("HTTP")) {
            throw new IllegalArgumentException("provider must be SMPP or HTTP");
        }
        if (signName.isBlank() || signName.strip().length() > 16) {
            throw new IllegalArgumentException("signName must have 1-16 characters");
        }
        signName = signName.strip();
        if (provider.equals("HTTP")) {
            if (httpUrl == null
                    || !("http".equals(httpUrl.getScheme()) || "https".equals(httpUrl.getScheme()))
                    || httpUrl.getHost() == null) {
                throw new IllegalArgumentException("an HTTP provider needs an http(s) url");
            }
            if (httpAccessKey == null || httpAccessKey.isBlank() || httpSecret == null || httpSecret.length() < 16) {
                throw new IllegalArgumentException(
                        "an HTTP provider needs an access key and a secret of 16+ characters");
            }
        }
        if (monthlyQuota < 0) {
            throw new IllegalArgumentException("monthlyQuota must not be negative");
        }
        if (ratePerSecond < 1 || ratePerSecond > 1000) {
            throw new IllegalArgumentException("ratePerSecond must be 1-1000");
        }
    }

    /** The text as it goes out: 【签名】 then the body. */
    public String signed(String body) {
        return "【" + signName + "】" + body;
    }
}
