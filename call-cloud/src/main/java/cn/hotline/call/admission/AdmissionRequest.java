package cn.hotline.call.admission;

import org.jspecify.annotations.Nullable;

/**
 * A new inbound call as admission sees it: the trunk it came on, the called number and the caller (null when
 * withheld), both already canonical ({@link PhoneNumber}).
 */
public record AdmissionRequest(String trunk, String called, @Nullable String caller) {

    public AdmissionRequest {
        if (trunk == null || trunk.isBlank() || called == null || !called.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("an admission request needs a trunk and a canonical called number");
        }
        if (caller != null && !caller.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("the caller must be a canonical number: " + caller);
        }
    }
}
