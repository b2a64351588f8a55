package cn.hotline.call.session;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.Codec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An admitted inbound call as the SIP edge hands it over.
 *
 * @param sipCallId the trunk dialog's SIP Call-ID (how BYE, CANCEL and INFO find the call)
 * @param called the canonical called number, {@code caller} the canonical caller (null when withheld)
 * @param digitsBySipInfo whether the trunk sends key presses as SIP INFO (else RFC 4733 in the media)
 */
public record LiveCall(
        TenantId tenant,
        CallId call,
        String trunk,
        String sipCallId,
        String called,
        @Nullable String caller,
        String sdpOffer,
        List<Codec> codecs,
        boolean digitsBySipInfo) {

    public LiveCall {
        if (tenant == null
                || call == null
                || trunk == null
                || sipCallId == null
                || called == null
                || sdpOffer == null
                || codecs == null
                || codecs.isEmpty()) {
            throw new IllegalArgumentException(
                    "a live call needs tenant, call, trunk, SIP Call-ID, number, SDP, codecs");
        }
        codecs = List.copyOf(codecs);
    }
}
