package cn.hotline.call.sip;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outbound calls ({@code cc.call.outbound}): the UAC side of the B2BUA.
 *
 * @param enabled whether the outbound SIP stack starts
 * @param host the address the outbound stack listens on (its Via and Contact)
 * @param port its UDP port; 0 picks a free one
 * @param trunk the trunk profile ({@code cc.call.sip.trunks.<name>}) whose outbound credentials, codecs and area code
 *     outbound calls use
 * @param destination {@code host:port} the INVITEs go to: the carrier's signalling address (or an edge proxy); none:
 *     outbound calls are refused {@code DEPENDENCY_DOWN}
 * @param callerIds per tenant, the fixed caller id outbound calls present (From and P-Asserted-Identity)
 * @param city12345 per city code or name, that city's 12345 access number
 * @param proxy {@code host:port} of the SIP edge the INVITEs pass (a pre-loaded {@code Route}, loose routing); none:
 *     straight to {@code destination}
 * @param ringTimeout how long the far end may ring before the call is cancelled (no answer)
 * @param unreachableAfter how long the far end may stay silent (not even 100 Trying) before it counts as unreachable
 */
@Validated
@ConfigurationProperties("cc.call.outbound")
public record OutboundProperties(
        @Nullable Boolean enabled,
        @Nullable String host,
        @Nullable Integer port,
        @Nullable String trunk,
        @Nullable String destination,
        @Nullable Map<String, String> callerIds,
        @Nullable Map<String, String> city12345,
        @Nullable String proxy,
        @Nullable Duration ringTimeout,
        @Nullable Duration unreachableAfter) {

    public OutboundProperties {
        enabled = enabled == null || enabled;
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == null ? 0 : port;
        trunk = trunk == null || trunk.isBlank() ? "loopback" : trunk;
        callerIds = callerIds == null ? Map.of() : Map.copyOf(callerIds);
        city12345 = city12345 == null ? Map.of() : Map.copyOf(city12345);
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(30) : ringTimeout;
        unreachableAfter = unreachableAfter == null ? Duration.ofSeconds(8) : unreachableAfter;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("cc.call.outbound.port must be 0-65535");
        }
        if (destination != null && !destination.isBlank() && !destination.matches("[^:\\s]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("cc.call.outbound.destination must be host:port, not " + destination);
        }
        if (proxy != null && !proxy.isBlank() && !proxy.matches("[^:\\s]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("cc.call.outbound.proxy must be host:port, not " + proxy);
        }
        if (ringTimeout.isNegative()
                || ringTimeout.isZero()
                || unreachableAfter.isNegative()
                || unreachableAfter.isZero()) {
            throw new IllegalArgumentException("cc.call.outbound ring-timeout and unreachable-after must be positive");
        }
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    public Map<String, String> callerIdMap() {
        return callerIds == null ? Map.of() : callerIds;
    }

    public Map<String, String> city12345Map() {
        return city12345 == null ? Map.of() : city12345;
    }
}
