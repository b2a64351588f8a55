package cn.hotline.call.routing;

import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * What the SIP side knows of an arriving call: its tenant (from the called number), the called and calling numbers
 * (normalised here) and when it arrived.
 */
public record CallFacts(TenantId tenant, String calledNumber, String callerNumber, Instant at) {

    public CallFacts {
        if (tenant == null || calledNumber == null || callerNumber == null || at == null) {
            throw new IllegalArgumentException("call facts need a tenant, both numbers and a time");
        }
        calledNumber = PhoneNumbers.normalise(calledNumber);
        callerNumber = PhoneNumbers.normalise(callerNumber);
    }

    public Optional<String> callerRegion() {
        return PhoneNumbers.areaCode(callerNumber);
    }
}
