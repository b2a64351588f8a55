package cn.hotline.workforce.sms;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.workforce.sms.*}: defaults for tenants without their own settings, the operator's SMPP account (one
 * transceiver session shared by the tenants that send through SMPP), and the ticket-reply consumer.
 *
 * @param defaultMonthlyQuota messages a tenant may send per calendar month (Asia/Shanghai) until it sets its own
 * @param defaultRatePerSecond a tenant's token bucket: refill per second, and the bucket's size
 * @param receiptLinkTtl how long a provider's message id stays resolvable to its tenant for receipts
 * @param staleAfter a QUEUED message untouched this long was left by a stopped instance; the recovery job sends it
 * @param recoveryInterval how often one instance (ShedLock) looks for such messages
 */
@Validated
@ConfigurationProperties("cc.workforce.sms")
public record SmsProperties(
        @DefaultValue("10000") int defaultMonthlyQuota,
        @DefaultValue("20") int defaultRatePerSecond,
        @DefaultValue("P3D") Duration receiptLinkTtl,
        @DefaultValue("PT2M") Duration staleAfter,
        @DefaultValue("PT30S") Duration recoveryInterval,
        @DefaultValue("true") boolean recoveryEnabled,
        @DefaultValue Smpp smpp,
        @DefaultValue Replies replies) {

    public SmsProperties {
        if (defaultMonthlyQuota < 0 || defaultRatePerSecond < 1) {
            throw new IllegalArgumentException("cc.workforce.sms: quota >= 0 and rate >= 1 per second");
        }
    }

    /**
     * The operator's SMSC account: bind_transceiver to {@code host:port} as {@code systemId}.
     *
     * @param enabled false leaves the SMPP adapter unbound (sending through it then fails as FAILED, never silently)
     */
    public record Smpp(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("2775") int port,
            @DefaultValue("hotline") String systemId,
            @DefaultValue("hotline") String password,
            @DefaultValue("12345") String sourceAddress,
            @DefaultValue("PT10S") Duration timeout) {}

    /**
     * Reply-result SMS when a ticket closes: ticket-service's events per tenant, and where to read the citizen's
     * number (ticket-service's internal API, with the platform's internal token).
     */
    public record Replies(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("persistent://%s/tickets/ticket-events") String topicPattern,
            @DefaultValue("workforce-sms-replies") String subscription,
            @DefaultValue("PT10S") Duration tenantRefresh,
            @DefaultValue("http://127.0.0.1:18083") String ticketServiceUrl) {

        public String topic(String tenant) {
            return topicPattern.formatted(tenant);
        }
    }
}
