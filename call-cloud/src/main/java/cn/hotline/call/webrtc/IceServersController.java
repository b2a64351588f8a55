package cn.hotline.call.webrtc;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.media.turn.TurnCredential;
import cn.hotline.media.turn.TurnCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{t}/webrtc/ice-servers} (through the gateway {@code /api/call/tenants/{t}/webrtc/ice-servers}):
 * the signed-in user's TURN credentials in {@code RTCPeerConnection}'s {@code iceServers} shape, {@code
 * {"iceServers":[{"urls":[…],"username":"…","credential":"…"}],"ttlSeconds":…}}. The username is {@code
 * <expiry>:<tenant>.<user id>} (TURN REST API; coturn checks it against the shared secret and refuses it after the
 * expiry, ≤ 10 minutes); nothing is stored, and the answer is never cached. Agents, supervisors (listening is WebRTC
 * too) and tenant admins of the tenant may ask; a caller narrowed to a workstation or unit may too (agents often are).
 * Without a TURN server configured ({@code cc.media.turn.secret} unset, as in a plain local run) the list is empty:
 * browsers on the same host or network still connect directly; the choice is logged once.
 */
@RestController
class IceServersController {

    private static final Logger log = LoggerFactory.getLogger(IceServersController.class);

    private final ObjectProvider<TurnCredentials> turn;
    private final Clock clock;
    private volatile boolean warned;

    IceServersController(ObjectProvider<TurnCredentials> turn, ObjectProvider<Clock> clock) {
        this.turn = turn;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/tenants/{tenant}/webrtc/ice-servers")
    Mono<ResponseEntity<Map<String, Object>>> iceServers(@PathVariable String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .map(caller -> {
                    require(caller, tenant);
                    return ResponseEntity.ok()
                            .cacheControl(CacheControl.noStore())
                            .body(body(caller));
                });
    }

    private static void require(Caller caller, String tenant) {
        if (!caller.tenant().value().equals(tenant)) {
            // the kernel chain answers another tenant's caller 404 before this; kept as a second fence
            throw new ProblemException(ProblemCode.NOT_FOUND, "No tenant " + tenant + ".");
        }
        if (!(caller.has(Role.AGENT) || caller.has(Role.SUPERVISOR) || caller.has(Role.TENANT_ADMIN))) {
            throw new ProblemException(
                    ProblemCode.FORBIDDEN, "ICE servers are for agents, supervisors and tenant admins of the tenant.");
        }
    }

    private Map<String, Object> body(Caller caller) {
        TurnCredentials credentials = turn.getIfAvailable();
        Map<String, Object> body = new LinkedHashMap<>();
        if (credentials == null) {
            if (!warned) {
                warned = true;
                log.warn("No TURN server is configured (cc.media.turn.secret): browsers get no ICE servers");
            }
            body.put("iceServers", List.of());
            body.put("ttlSeconds", 0);
            return body;
        }
        TurnCredential credential;
        try {
            credential = credentials.issue(caller.tenant(), caller.subject());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "This user's id cannot be used in a TURN user name.");
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("urls", credential.uris());
        server.put("username", credential.username());
        server.put("credential", credential.credential());
        body.put("iceServers", List.of(server));
        // rounded up: a credential issued for 10 minutes says 600, not 599.99 truncated
        long ttlMillis =
                Duration.between(clock.instant(), credential.expiresAt()).toMillis();
        body.put("ttlSeconds", Math.max(0, (ttlMillis + 999) / 1000));
        return body;
    }
}
