package cn.hotline.call.sip;

import cn.hotline.call.admission.Admission;
import cn.hotline.call.admission.AdmissionDecision;
import cn.hotline.call.admission.AdmissionRequest;
import cn.hotline.call.admission.PhoneNumber;
import cn.hotline.call.session.CallSessions;
import cn.hotline.call.session.LiveCall;
import cn.hotline.call.session.RefusalAnnouncement;
import cn.hotline.call.session.SessionStart;
import gov.nist.javax.sip.message.SIPMessage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * call-cloud's SIP listener (JAIN-SIP, UDP and TCP on one port), the trunk side of the B2BUA. JAIN-SIP's own threads
 * deliver requests; they only read the request and start a reactive pipeline (admission, media, ACD: all
 * non-blocking). Responses and BYEs go out on the {@code sip-out} scheduler, never on a Netty event loop, because
 * the stack's sends are blocking socket writes.
 *
 * <p>Answers to a new INVITE: unknown trunk 403; digest challenge 401 (wrong answer 403); no SDP offer or no G.711 in
 * it 488; a called number that cannot be read 484; unknown number 404 (after an announcement as early media, 183,
 * when {@code announce-unknown-number} is on); blacklisted 603 and over quota 486 (each after an announcement where
 * the tenant wants one: its own prompt, else the platform's); queue full 486
 * with Retry-After; admission, media or ACD unable 503 with Retry-After; accepted 200 with the media server's SDP.
 */
public final class SipEdge implements SipListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SipEdge.class);

    private final SipProperties properties;
    private final Trunks trunks;
    private final Admission admission;
    private final CallSessions sessions;
    private final DigestAuthenticator digest;
    private final Scheduler out = Schedulers.newBoundedElastic(16, 10_000, "sip-out", 60, true);
    private final Map<String, Dialog> dialogs = new ConcurrentHashMap<>();
    private final Map<String, ServerTransaction> pendingInvites = new ConcurrentHashMap<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();
    private final AtomicLong invites = new AtomicLong();
    private final Map<String, String> toTags = new ConcurrentHashMap<>();

    private volatile @Nullable SipStack stack;
    private volatile @Nullable SipProvider provider;
    private volatile int port;
    private @Nullable MessageFactory messages;
    private @Nullable HeaderFactory headers;
    private @Nullable AddressFactory addresses;

    public SipEdge(SipProperties properties, Admission admission, CallSessions sessions, Clock clock) {
        this.properties = properties;
        this.trunks = new Trunks(properties.trunkMap());
        this.admission = admission;
        this.sessions = sessions;
        this.digest = new DigestAuthenticator(clock, properties.nonceLifetime());
    }

    /** New INVITEs this edge has received (retransmissions and re-INVITEs not counted). */
    public long invitesReceived() {
        return invites.get();
    }

    /** The port UDP and TCP listen on (after start). */
    public int port() {
        return port;
    }

    public String host() {
        return String.valueOf(properties.host());
    }

    @Override
    public synchronized void start() {
        if (stack != null) {
            return;
        }
        try {
            SipFactory factory = SipStacks.factory();
            Properties config = SipStacks.config("call-cloud-sip", properties.stackThreads(), log);
            config.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
            config.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
            SipStack created = factory.createSipStack(config);
            int wanted = properties.port() == null ? 0 : properties.port();
            int chosen = wanted == 0 ? freePort(host()) : wanted;
            ListeningPoint udp = created.createListeningPoint(host(), chosen, ListeningPoint.UDP);
            ListeningPoint tcp = created.createListeningPoint(host(), chosen, ListeningPoint.TCP);
            SipProvider created2 = created.createSipProvider(udp);
            created2.addListeningPoint(tcp);
            created2.addSipListener(this);
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            created.start();
            provider = created2;
            stack = created;
            port = chosen;
            log.info(
                    "SIP edge listening on {}:{} (UDP, TCP), trunks {}",
                    host(),
                    chosen,
                    properties.trunkMap().keySet());
        } catch (Exception e) {
            throw new IllegalStateException("The SIP stack could not start on " + host() + ":" + properties.port(), e);
        }
    }

    @Override
    public synchronized void stop() {
        SipStack running = stack;
        stack = null;
        provider = null;
        if (running != null) {
            running.stop();
        }
        out.dispose();
    }

    @Override
    public boolean isRunning() {
        return stack != null;
    }

    /** UDP and TCP must both be free on the port. */
    private static int freePort(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(address, 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, candidate))) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + host);
    }

    // ---------------------------------------------------------------- requests

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> invite(event);
                case Request.ACK -> sessions.confirmed(callId(request));
                case Request.BYE -> bye(event);
                case Request.CANCEL -> cancel(event);
                case Request.OPTIONS -> stateless(request, Response.OK);
                case Request.INFO -> info(event);
                default -> stateless(request, Response.METHOD_NOT_ALLOWED);
            }
        } catch (Exception e) {
            log.warn("SIP {} failed: {}", request.getMethod(), e.toString());
        }
    }

    private void invite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String callId = callId(request);
        if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            reInvite(event, callId);
            return;
        }
        Optional<Reply> refused = gate(request);
        if (refused.isPresent()) {
            // Unknown trunk or digest challenge: answered statelessly, before any transaction or dialog exists, so
            // the authenticated INVITE that follows starts a clean dialog (and a stranger costs us no state).
            Response response = stateless(request, refused.get());
            out.schedule(() -> {
                try {
                    provider().sendResponse(response);
                } catch (Exception e) {
                    log.debug("INVITE {} answer failed: {}", callId, e.toString());
                }
            });
            return;
        }
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider().getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            }
        }
        ServerTransaction st = transaction;
        invites.incrementAndGet();
        st.sendResponse(messages().createResponse(Response.TRYING, request));
        pendingInvites.put(callId, st);
        Mono.defer(() -> decide(request, callId, st))
                .onErrorResume(error -> {
                    log.warn("INVITE {} failed: {}", callId, error.toString());
                    return Mono.just(Reply.of(Response.SERVICE_UNAVAILABLE, "internal error"));
                })
                .publishOn(out)
                .subscribe(reply -> send(st, request, callId, reply));
    }

    /** What to answer an INVITE with. */
    private record Reply(
            int status,
            String reason,
            @Nullable String sdp,
            @Nullable Duration retryAfter,
            @Nullable String challengeNonce,
            boolean stale,
            @Nullable String realm) {
        static Reply of(int status, String reason) {
            return new Reply(status, reason, null, null, null, false, null);
        }

        static Reply retry(int status, String reason, Duration after) {
            return new Reply(status, reason, null, after, null, false, null);
        }
    }

    private Mono<Reply> decide(Request request, String callId, ServerTransaction transaction) {
        URI uri = request.getRequestURI();
        if (!(uri instanceof SipURI target) || target.getUser() == null) {
            return Mono.just(Reply.of(Response.ADDRESS_INCOMPLETE, "no called number"));
        }
        Optional<Trunks.Trunk> found = trunks.select(target.getHost(), carrierAddress(request));
        if (found.isEmpty()) {
            return Mono.just(Reply.of(Response.FORBIDDEN, "unknown trunk"));
        }
        Trunks.Trunk trunk = found.get();
        TrunkProfile profile = trunk.profile();
        String sdp = sdpOffer(request);
        if (sdp == null) {
            return Mono.just(Reply.of(Response.NOT_ACCEPTABLE_HERE, "an SDP offer is required"));
        }
        if (!offersG711(sdp, profile)) {
            return Mono.just(Reply.of(Response.NOT_ACCEPTABLE_HERE, "offer none of " + profile.codecList()));
        }
        PhoneNumber called;
        try {
            called = PhoneNumber.parse(target.getUser(), profile.areaCode());
        } catch (IllegalArgumentException e) {
            return Mono.just(Reply.of(Response.ADDRESS_INCOMPLETE, "called number cannot be read"));
        }
        String caller = caller(request, profile);
        return admission
                .admit(new AdmissionRequest(trunk.name(), called.value(), caller))
                .flatMap(decision -> switch (decision) {
                    case AdmissionDecision.Admitted admitted ->
                        sessions.open(
                                        new LiveCall(
                                                admitted.tenant(),
                                                admitted.call(),
                                                trunk.name(),
                                                callId,
                                                called.value(),
                                                caller,
                                                sdp,
                                                profile.codecList(),
                                                profile.dtmfMode() == DtmfMode.SIP_INFO),
                                        reason -> bye(callId, reason))
                                .map(start -> switch (start) {
                                    case SessionStart.Started started ->
                                        new Reply(Response.OK, "OK", started.sdpAnswer(), null, null, false, null);
                                    case SessionStart.Refused refused
                                    when refused.reason() == SessionStart.Reason.REJECTED ->
                                        Reply.of(Response.DECLINE, "declined by the routing rules");
                                    case SessionStart.Refused refused
                                    when refused.reason() == SessionStart.Reason.QUEUE_FULL ->
                                        Reply.retry(Response.BUSY_HERE, "queue full", Duration.ofSeconds(30));
                                    case SessionStart.Refused refused ->
                                        Reply.retry(
                                                Response.SERVICE_UNAVAILABLE,
                                                refused.reason().name().toLowerCase(Locale.ROOT),
                                                Duration.ofSeconds(30));
                                });
                    case AdmissionDecision.UnknownNumber unknown
                    when admission.announcesUnknownNumber() ->
                        sessions.announceRefusal(
                                        null,
                                        RefusalAnnouncement.UNKNOWN_NUMBER,
                                        null,
                                        sdp,
                                        profile.codecList(),
                                        admission.announcementLimit(),
                                        answer -> earlyMedia(transaction, request, callId, answer))
                                .thenReturn(Reply.of(Response.NOT_FOUND, "unknown number"));
                    case AdmissionDecision.UnknownNumber unknown ->
                        Mono.just(Reply.of(Response.NOT_FOUND, "unknown number"));
                    case AdmissionDecision.Blacklisted blacklisted
                    when admission.announcesBlacklisted(blacklisted.tenant()) ->
                        sessions.announceRefusal(
                                        blacklisted.tenant(),
                                        RefusalAnnouncement.BLACKLISTED,
                                        blacklisted.announcement().orElse(null),
                                        sdp,
                                        profile.codecList(),
                                        Duration.ofSeconds(30),
                                        answer -> earlyMedia(transaction, request, callId, answer))
                                .thenReturn(Reply.of(Response.DECLINE, "declined"));
                    case AdmissionDecision.Blacklisted blacklisted -> Mono.just(Reply.of(Response.DECLINE, "declined"));
                    case AdmissionDecision.OverQuota over
                    when admission.announcesOverQuota(over.tenant()) ->
                        sessions.announceRefusal(
                                        over.tenant(),
                                        RefusalAnnouncement.OVER_QUOTA,
                                        null,
                                        sdp,
                                        profile.codecList(),
                                        admission.announcementLimit(),
                                        answer -> earlyMedia(transaction, request, callId, answer))
                                .thenReturn(Reply.retry(
                                        Response.BUSY_HERE, "tenant call limit reached", over.retryAfter()));
                    case AdmissionDecision.OverQuota over ->
                        Mono.just(Reply.retry(Response.BUSY_HERE, "tenant call limit reached", over.retryAfter()));
                    case AdmissionDecision.Unavailable unavailable ->
                        Mono.just(Reply.retry(
                                Response.SERVICE_UNAVAILABLE, "temporarily unavailable", unavailable.retryAfter()));
                });
    }

    /** The checks that need no I/O: the request's trunk and, if it has inbound credentials, the digest answer. */
    private Optional<Reply> gate(Request request) {
        String host = request.getRequestURI() instanceof SipURI target ? target.getHost() : "";
        Optional<Trunks.Trunk> found = trunks.select(host, carrierAddress(request));
        if (found.isEmpty()) {
            return Optional.of(Reply.of(Response.FORBIDDEN, "unknown trunk"));
        }
        TrunkProfile.Credentials inbound = found.get().profile().inbound();
        return inbound == null ? Optional.empty() : authenticate(request, inbound);
    }

    private Response stateless(Request request, Reply reply) throws Exception {
        Response response = messages().createResponse(reply.status(), request);
        response.setReasonPhrase(reply.reason());
        ((ToHeader) response.getHeader(ToHeader.NAME))
                .setTag(Long.toHexString(System.nanoTime()) + Long.toHexString(tags.incrementAndGet()));
        if (reply.challengeNonce() != null) {
            WWWAuthenticateHeader challenge = headers().createWWWAuthenticateHeader("Digest");
            challenge.setRealm(String.valueOf(reply.realm()));
            challenge.setNonce(reply.challengeNonce());
            challenge.setAlgorithm("MD5");
            challenge.setQop("auth");
            if (reply.stale()) {
                challenge.setParameter("stale", "true");
            }
            response.addHeader(challenge);
        }
        return response;
    }

    private Optional<Reply> authenticate(Request request, TrunkProfile.Credentials expected) {
        AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (authorization == null || authorization.getResponse() == null || authorization.getNonce() == null) {
            return Optional.of(new Reply(
                    Response.UNAUTHORIZED, "Unauthorized", null, null, digest.nonce(), false, expected.realm()));
        }
        String uri =
                authorization.getURI() == null ? "" : authorization.getURI().toString();
        DigestAuthenticator.Verdict verdict = digest.verify(
                new DigestAuthenticator.Answer(
                        String.valueOf(authorization.getUsername()),
                        String.valueOf(authorization.getRealm()),
                        authorization.getNonce(),
                        uri,
                        authorization.getResponse(),
                        authorization.getQop(),
                        authorization.getCNonce(),
                        authorization.getNonceCount() < 0
                                ? null
                                : String.format(Locale.ROOT, "%08x", authorization.getNonceCount())),
                request.getMethod(),
                expected);
        return switch (verdict) {
            case VALID -> Optional.empty();
            case STALE ->
                Optional.of(new Reply(
                        Response.UNAUTHORIZED, "Unauthorized", null, null, digest.nonce(), true, expected.realm()));
            case INVALID -> Optional.of(Reply.of(Response.FORBIDDEN, "wrong credentials"));
        };
    }

    /** 183 Session Progress with the announcement's SDP answer: the caller hears it before the final answer. */
    private Mono<Void> earlyMedia(ServerTransaction transaction, Request request, String callId, String sdp) {
        return Mono.<Void>fromRunnable(() -> {
                    try {
                        Response progress = messages().createResponse(Response.SESSION_PROGRESS, request);
                        ((ToHeader) progress.getHeader(ToHeader.NAME)).setTag(toTag(callId));
                        progress.addHeader(contact());
                        progress.setContent(
                                sdp.getBytes(StandardCharsets.UTF_8),
                                headers().createContentTypeHeader("application", "sdp"));
                        transaction.sendResponse(progress);
                    } catch (Exception e) {
                        throw new IllegalStateException("183 for " + callId + " failed", e);
                    }
                })
                .subscribeOn(out);
    }

    /** One To tag per call, so early media and the final answer belong to one dialog. */
    private String toTag(String callId) {
        return toTags.computeIfAbsent(
                callId, id -> Long.toHexString(System.nanoTime()) + Long.toHexString(tags.incrementAndGet()));
    }

    private void send(ServerTransaction transaction, Request request, String callId, Reply reply) {
        pendingInvites.remove(callId);
        String tag = toTag(callId);
        toTags.remove(callId);
        try {
            Response response = messages().createResponse(reply.status(), request);
            response.setReasonPhrase(reply.reason());
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(tag);
            }
            if (reply.retryAfter() != null) {
                response.addHeader(headers()
                        .createRetryAfterHeader((int) reply.retryAfter().toSeconds()));
            }
            String sdp = reply.sdp();
            if (sdp != null) {
                response.addHeader(contact());
                ContentTypeHeader type = headers().createContentTypeHeader("application", "sdp");
                response.setContent(sdp.getBytes(StandardCharsets.UTF_8), type);
                answers.put(callId, sdp);
                Dialog dialog = transaction.getDialog();
                if (dialog != null) {
                    dialogs.put(callId, dialog);
                }
            }
            transaction.sendResponse(response);
        } catch (Exception e) {
            log.warn("Could not answer INVITE {} with {}: {}", callId, reply.status(), e.toString());
            if (reply.status() == Response.OK) {
                ended(callId);
            }
        }
    }

    private void reInvite(RequestEvent event, String callId) throws Exception {
        ServerTransaction transaction = event.getServerTransaction() != null
                ? event.getServerTransaction()
                : provider().getNewServerTransaction(event.getRequest());
        String sdp = answers.get(callId);
        Response response;
        if (sdp == null) {
            response = messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, event.getRequest());
        } else {
            response = messages().createResponse(Response.OK, event.getRequest());
            response.addHeader(contact());
            response.setContent(
                    sdp.getBytes(StandardCharsets.UTF_8), headers().createContentTypeHeader("application", "sdp"));
        }
        ServerTransaction st = transaction;
        Response r = response;
        out.schedule(() -> sendQuietly(st, r));
    }

    private void bye(RequestEvent event) throws Exception {
        String callId = callId(event.getRequest());
        ServerTransaction transaction = event.getServerTransaction();
        Response ok = messages().createResponse(Response.OK, event.getRequest());
        if (transaction == null) {
            provider().sendResponse(ok);
        } else {
            out.schedule(() -> sendQuietly(transaction, ok));
        }
        ended(callId);
    }

    private void cancel(RequestEvent event) throws Exception {
        Request cancel = event.getRequest();
        String callId = callId(cancel);
        ServerTransaction transaction = event.getServerTransaction();
        Response ok = messages().createResponse(Response.OK, cancel);
        ServerTransaction invite = pendingInvites.remove(callId);
        out.schedule(() -> {
            try {
                if (transaction == null) {
                    provider().sendResponse(ok);
                } else {
                    transaction.sendResponse(ok);
                }
                if (invite != null) {
                    Response terminated = messages().createResponse(Response.REQUEST_TERMINATED, invite.getRequest());
                    ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag("cancelled");
                    invite.sendResponse(terminated);
                }
            } catch (Exception e) {
                log.debug("CANCEL {}: {}", callId, e.toString());
            }
        });
        ended(callId);
    }

    private void info(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String callId = callId(request);
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (type != null && body != null && "application".equalsIgnoreCase(type.getContentType())) {
            DtmfInfo.key(type.getContentSubType(), new String(body, StandardCharsets.UTF_8))
                    .ifPresent(key -> sessions.infoDigit(callId, key));
        }
        ServerTransaction transaction = event.getServerTransaction();
        Response ok = messages().createResponse(Response.OK, request);
        out.schedule(() -> {
            try {
                if (transaction == null) {
                    provider().sendResponse(ok);
                } else {
                    transaction.sendResponse(ok);
                }
            } catch (Exception e) {
                log.debug("INFO {}: {}", callId, e.toString());
            }
        });
    }

    private void stateless(Request request, int status) throws Exception {
        Response response = messages().createResponse(status, request);
        if (status == Response.OK && Request.OPTIONS.equals(request.getMethod())) {
            response.addHeader(headers().createAllowHeader("INVITE, ACK, BYE, CANCEL, OPTIONS, INFO"));
        }
        out.schedule(() -> {
            try {
                provider().sendResponse(response);
            } catch (Exception e) {
                log.debug("{} answer failed: {}", request.getMethod(), e.toString());
            }
        });
    }

    /** Our side ends the call: BYE on its dialog. */
    private void bye(String callId, String reason) {
        Dialog dialog = dialogs.get(callId);
        if (dialog == null) {
            return;
        }
        out.schedule(() -> {
            try {
                Request bye = dialog.createRequest(Request.BYE);
                ClientTransaction transaction = provider().getNewClientTransaction(bye);
                dialog.sendRequest(transaction);
            } catch (Exception e) {
                log.warn("BYE for {} ({}) failed: {}", callId, reason, e.toString());
            }
            dialogs.remove(callId);
            answers.remove(callId);
        });
    }

    private void ended(String callId) {
        dialogs.remove(callId);
        answers.remove(callId);
        sessions.callerLeft(callId)
                .onErrorResume(error -> {
                    log.warn("Releasing call {} failed: {}", callId, error.toString());
                    return Mono.empty();
                })
                .subscribe();
    }

    private void sendQuietly(ServerTransaction transaction, Response response) {
        try {
            transaction.sendResponse(response);
        } catch (Exception e) {
            log.debug("answer failed: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- reading requests

    private static String callId(Request request) {
        return ((javax.sip.header.CallIdHeader) request.getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
    }

    /**
     * The carrier's address: the bottom Via's {@code received} or host when a proxy (Kamailio) relayed the request,
     * else the packet's source. call-cloud listens on loopback, reachable only through the edge.
     */
    private static String carrierAddress(Request request) {
        List<ViaHeader> vias = new ArrayList<>();
        ListIterator<?> iterator = request.getHeaders(ViaHeader.NAME);
        while (iterator.hasNext()) {
            vias.add((ViaHeader) iterator.next());
        }
        if (vias.size() > 1) {
            ViaHeader bottom = vias.getLast();
            return bottom.getReceived() != null ? bottom.getReceived() : bottom.getHost();
        }
        InetAddress source = ((SIPMessage) request).getRemoteAddress();
        return source == null ? "" : source.getHostAddress();
    }

    private static @Nullable String sdpOffer(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (type == null
                || body == null
                || body.length == 0
                || !"application".equalsIgnoreCase(type.getContentType())
                || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the offer's audio line carries one of the trunk's codecs (static payload types 8 and 0). */
    static boolean offersG711(String sdp, TrunkProfile profile) {
        return sdp.lines().filter(line -> line.startsWith("m=audio")).anyMatch(line -> {
            String[] parts = line.strip().split("\\s+");
            for (int i = 3; i < parts.length; i++) {
                for (var codec : profile.codecList()) {
                    if (parts[i].equals(String.valueOf(codec.staticPayloadType()))) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** The caller: P-Asserted-Identity on a trusted trunk, else From; null when withheld or not a number. */
    private static @Nullable String caller(Request request, TrunkProfile profile) {
        String user = null;
        if (profile.trustAssertedIdentity()) {
            var asserted = request.getHeader("P-Asserted-Identity");
            if (asserted != null) {
                String value = asserted.toString();
                value = value.substring(value.indexOf(':') + 1).strip();
                user = userOf(value);
            }
        }
        if (user == null) {
            Address from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress();
            user = from.getURI() instanceof SipURI sip
                    ? sip.getUser()
                    : userOf(from.getURI().toString());
        }
        if (user == null || user.isBlank() || "anonymous".equalsIgnoreCase(user)) {
            return null;
        }
        try {
            return PhoneNumber.parse(user, profile.areaCode()).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The user part of {@code <sip:user@host>}, {@code sip:user@host;x}, {@code tel:+86...}. */
    private static @Nullable String userOf(String addressText) {
        String text = addressText.strip();
        int open = text.indexOf('<');
        if (open >= 0) {
            int close = text.indexOf('>', open);
            text = text.substring(open + 1, close < 0 ? text.length() : close);
        }
        if (text.startsWith("tel:")) {
            return text.substring(4).split(";")[0];
        }
        int colon = text.indexOf(':');
        int at = text.indexOf('@');
        if (colon < 0 || at < colon) {
            return null;
        }
        return text.substring(colon + 1, at);
    }

    private ContactHeader contact() throws Exception {
        SipURI uri = addresses().createSipURI(null, host());
        uri.setPort(port);
        return headers().createContactHeader(addresses().createAddress(uri));
    }

    private SipProvider provider() {
        SipProvider current = provider;
        if (current == null) {
            throw new IllegalStateException("the SIP stack is not running");
        }
        return current;
    }

    private MessageFactory messages() {
        MessageFactory current = messages;
        if (current == null) {
            throw new IllegalStateException("the SIP stack is not running");
        }
        return current;
    }

    private HeaderFactory headers() {
        HeaderFactory current = headers;
        if (current == null) {
            throw new IllegalStateException("the SIP stack is not running");
        }
        return current;
    }

    private AddressFactory addresses() {
        AddressFactory current = addresses;
        if (current == null) {
            throw new IllegalStateException("the SIP stack is not running");
        }
        return current;
    }

    // ---------------------------------------------------------------- other stack events

    @Override
    public void processResponse(ResponseEvent event) {}

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.getServerTransaction() != null) {
            // 200 OK never acknowledged: the caller is gone.
            ended(callId(event.getServerTransaction().getRequest()));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error towards {}:{}", event.getHost(), event.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}
}
