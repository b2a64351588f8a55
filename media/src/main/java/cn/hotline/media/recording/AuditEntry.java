package cn.hotline.media.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Instant;

/** Who did what with which recording, when and why (R-CALL-9: every play and download is audited). */
public record AuditEntry(TenantId tenant, CallId call, String who, Action action, String why, Instant at) {

    public enum Action {
        PLAY,
        DOWNLOAD,
        DELETE,
        DELETE_REFUSED,
        LEGAL_HOLD,
        EXPIRED
    }

    public AuditEntry {
        if (tenant == null || call == null || action == null || at == null) {
            throw new IllegalArgumentException("an audit entry needs a tenant, a call, an action and a time");
        }
        if (who == null || who.isBlank() || why == null || why.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs who and why");
        }
    }
}
