package cn.hotline.call.sip;

import cn.hotline.call.admission.PhoneNumber;
import cn.hotline.kernel.id.TenantId;

/**
 * One outbound call to place.
 *
 * @param tenant the tenant on whose behalf (its caller id is presented)
 * @param number the number to call, canonical ({@link PhoneNumber}: national digits, 0 + area code for landlines)
 * @param callerId the canonical number presented as From and P-Asserted-Identity
 * @param sdpOffer the media server's SDP offer for the far end
 */
public record OutboundRequest(TenantId tenant, String number, String callerId, String sdpOffer) {

    public OutboundRequest {
        if (tenant == null || number == null || callerId == null || sdpOffer == null || sdpOffer.isBlank()) {
            throw new IllegalArgumentException("an outbound call needs tenant, number, caller id and an SDP offer");
        }
        if (!number.matches("\\+?[0-9]{3,20}") || !callerId.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("numbers must be canonical digits: " + number + ", " + callerId);
        }
    }
}
