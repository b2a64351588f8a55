package cn.hotline.call.sip;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The SIP edge ({@code cc.call.sip}).
 *
 * @param enabled whether the SIP stack starts
 * @param host the address to listen on (loopback by default; Kamailio sits in front)
 * @param port UDP and TCP port; 0 picks a free one (tests)
 * @param trunks carrier trunks by name
 * @param nonceLifetime how long a digest nonce is accepted
 * @param stackThreads JAIN-SIP's worker threads
 */
@Validated
@ConfigurationProperties("cc.call.sip")
public record SipProperties(
        @Nullable Boolean enabled,
        @Nullable String host,
        @Nullable Integer port,
        @Nullable Map<String, TrunkProfile> trunks,
        @Nullable Duration nonceLifetime,
        @Nullable Integer stackThreads) {

    public SipProperties {
        enabled = enabled == null || enabled;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == null ? 0 : port;
        trunks = trunks == null ? Map.of() : Map.copyOf(trunks);
        nonceLifetime = nonceLifetime == null ? Duration.ofMinutes(5) : nonceLifetime;
        stackThreads = stackThreads == null ? 8 : stackThreads;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("cc.call.sip.port must be 0-65535");
        }
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    public Map<String, TrunkProfile> trunkMap() {
        return trunks == null ? Map.of() : trunks;
    }
}
