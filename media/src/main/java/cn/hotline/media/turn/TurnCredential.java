package cn.hotline.media.turn;

import java.time.Instant;
import java.util.List;

/** What the browser puts into {@code RTCPeerConnection}'s {@code iceServers}; useless after {@code expiresAt}. */
public record TurnCredential(List<String> uris, String username, String credential, Instant expiresAt) {

    public TurnCredential {
        uris = List.copyOf(uris);
    }
}
