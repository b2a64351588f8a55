package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The port every SMS leaves through. An adapter submits one message (splitting it into segments as its protocol
 * needs) and answers with the provider's ids, one per segment; receipts come back later through {@link SmsReceipts}.
 */
public interface SmsGateway {

    /** {@code SMPP} or {@code HTTP}: what a tenant's settings name. */
    String provider();

    Mono<Submission> submit(OutgoingSms sms);

    /** One message to one number, text already rendered (the signature 【…】 included). */
    record OutgoingSms(TenantId tenant, UUID message, String to, String text, SmsSettings settings) {}

    /** What the provider said to a submission. */
    sealed interface Submission {
        record Accepted(List<String> providerIds) implements Submission {
            public Accepted {
                if (providerIds.isEmpty()) {
                    throw new IllegalArgumentException("an accepted submission has at least one provider id");
                }
                providerIds = List.copyOf(providerIds);
            }
        }

        record Rejected(String reason) implements Submission {}
    }
}
