package cn.hotline.call.sip;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The UAC side of the B2BUA: places outbound calls towards the carrier trunk ({@code cc.call.outbound.destination})
 * on a JAIN-SIP stack of its own (its own loopback port, so the inbound edge's listener and dialogs stay untouched).
 * From and P-Asserted-Identity carry the tenant's fixed caller id; a 401 / 407 is answered once with the trunk's
 * {@code outbound} digest credentials. The far end's answers become an {@link OutboundResult}: 2xx → ACK and
 * {@link OutboundResult.Answered}; 486 / 600 busy; no answer within {@code ring-timeout} → CANCEL, no answer;
 * silence (not even 100 Trying) for {@code unreachable-after} → unreachable; other codes by
 * {@link OutboundOutcome#ofStatus}. Sends are blocking socket writes: they run on the {@code sip-outbound}
 * scheduler, never on an event loop.
 */
public final class OutboundCalls implements SipListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboundCalls.class);

    private final OutboundProperties properties;
    private final @Nullable TrunkProfile trunk;
    private final Scheduler out = Schedulers.newBoundedElastic(8, 10_000, "sip-outbound", 60, true);
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();

    private volatile @Nullable SipStack stack;
    private volatile @Nullable SipProvider provider;
    private volatile int port;
    private @Nullable MessageFactory messages;
    private @Nullable HeaderFactory headers;
    private @Nullable AddressFactory addresses;

    public OutboundCalls(OutboundProperties properties, SipProperties sip) {
        this.properties = properties;
        this.trunk = sip.trunkMap().get(properties.trunk());
    }

    /** One attempt in flight or answered, by its SIP Call-ID. */
    private final class Attempt {
        final OutboundRequest request;
        final String callId;
        final String fromTag;
        final Sinks.One<OutboundResult> result = Sinks.one();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean abandoned = new AtomicBoolean();
        final Disposable.Composite timers = Disposables.composite();
        volatile long cseq = 1;
        volatile boolean provisional;
        volatile boolean responded;
        volatile boolean authTried;
        volatile @Nullable ClientTransaction invite;
        volatile @Nullable Dialog dialog;
        volatile @Nullable OutboundCall call;

        Attempt(OutboundRequest request, String callId) {
            this.request = request;
            this.callId = callId;
            this.fromTag = Long.toHexString(System.nanoTime()) + Long.toHexString(tags.incrementAndGet());
        }

        void finish(OutboundResult outcome) {
            if (done.compareAndSet(false, true)) {
                timers.dispose();
                if (!(outcome instanceof OutboundResult.Answered)) {
                    attempts.remove(callId, this);
                }
                result.tryEmitValue(outcome);
            }
        }
    }

    /** Whether outbound calls can be placed: the stack runs and a destination is configured. */
    public boolean available() {
        return provider != null
                && properties.destination() != null
                && !properties.destination().isBlank();
    }

    /** The trunk profile outbound calls use (area code, codecs, credentials); null when none is configured. */
    public @Nullable TrunkProfile trunk() {
        return trunk;
    }

    public int port() {
        return port;
    }

    /**
     * Places the call and emits its result once: answered, or failed with an outcome. Cancelling the subscription
     * before the answer gives up the attempt (CANCEL once the far end has rung; a late 200 gets ACK and BYE).
     */
    public Mono<OutboundResult> dial(OutboundRequest request) {
        return Mono.defer(() -> {
            String destination = properties.destination();
            if (provider == null || destination == null || destination.isBlank()) {
                return Mono.just(new OutboundResult.Failed(
                        OutboundOutcome.UNREACHABLE, 0, "no outbound destination configured"));
            }
            Attempt attempt = new Attempt(request, provider().getNewCallId().getCallId());
            attempts.put(attempt.callId, attempt);
            attempt.timers.add(
                    Mono.delay(properties.unreachableAfter()).publishOn(out).subscribe(tick -> {
                        if (!attempt.responded) {
                            terminate(attempt);
                            attempt.finish(new OutboundResult.Failed(
                                    OutboundOutcome.UNREACHABLE,
                                    0,
                                    "no answer at all within "
                                            + properties.unreachableAfter().toSeconds() + " s"));
                        }
                    }));
            attempt.timers.add(
                    Mono.delay(properties.ringTimeout()).publishOn(out).subscribe(tick -> {
                        if (!attempt.done.get()) {
                            giveUp(attempt);
                            attempt.finish(new OutboundResult.Failed(
                                    OutboundOutcome.NO_ANSWER,
                                    0,
                                    "no answer within "
                                            + properties.ringTimeout().toSeconds() + " s"));
                        }
                    }));
            Mono<Void> send = Mono.fromRunnable(() -> {
                        try {
                            sendInvite(attempt, invite(attempt, null));
                        } catch (Exception e) {
                            throw new IllegalStateException("INVITE to " + request.number() + " failed", e);
                        }
                    })
                    .subscribeOn(out)
                    .then();
            return send.onErrorResume(error -> {
                        log.warn("Outbound call {} could not be sent: {}", attempt.callId, error.toString());
                        attempt.finish(new OutboundResult.Failed(OutboundOutcome.UNREACHABLE, 0, error.toString()));
                        return Mono.empty();
                    })
                    .then(attempt.result.asMono())
                    .doOnCancel(() -> {
                        if (!attempt.done.get()) {
                            out.schedule(() -> giveUp(attempt));
                            attempt.finish(new OutboundResult.Failed(OutboundOutcome.CANCELLED, 0, "given up"));
                        }
                    });
        });
    }

    private Request invite(Attempt attempt, @Nullable Header authorization) throws Exception {
        OutboundRequest request = attempt.request;
        String destination = String.valueOf(properties.destination());
        String destHost = destination.substring(0, destination.lastIndexOf(':'));
        int destPort = Integer.parseInt(destination.substring(destination.lastIndexOf(':') + 1));
        SipURI target = addresses().createSipURI(request.number(), destHost);
        target.setPort(destPort);
        SipURI fromUri = addresses().createSipURI(request.callerId(), host());
        SipURI toUri = addresses().createSipURI(request.number(), destHost);
        CallIdHeader callId = headers().createCallIdHeader(attempt.callId);
        CSeqHeader cseq = headers().createCSeqHeader(attempt.cseq, Request.INVITE);
        ViaHeader via = headers().createViaHeader(host(), port, ListeningPoint.UDP, null);
        Request invite = messages()
                .createRequest(
                        target,
                        Request.INVITE,
                        callId,
                        cseq,
                        headers().createFromHeader(addresses().createAddress(fromUri), attempt.fromTag),
                        headers().createToHeader(addresses().createAddress(toUri), null),
                        List.of(via),
                        headers().createMaxForwardsHeader(70),
                        headers().createContentTypeHeader("application", "sdp"),
                        request.sdpOffer().getBytes(StandardCharsets.UTF_8));
        SipURI contact = addresses().createSipURI(request.callerId(), host());
        contact.setPort(port);
        invite.addHeader(headers().createContactHeader(addresses().createAddress(contact)));
        invite.addHeader(headers().createHeader("P-Asserted-Identity", "<" + fromUri + ">"));
        invite.addHeader(headers().createAllowHeader("INVITE, ACK, BYE, CANCEL, OPTIONS"));
        if (authorization != null) {
            invite.addHeader(authorization);
        }
        String proxy = properties.proxy();
        if (proxy != null && !proxy.isBlank()) {
            SipURI edge = addresses().createSipURI(null, proxy.substring(0, proxy.lastIndexOf(':')));
            edge.setPort(Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1)));
            edge.setLrParam();
            invite.addHeader(headers().createRouteHeader(addresses().createAddress(edge)));
        }
        return invite;
    }

    private void sendInvite(Attempt attempt, Request invite) throws Exception {
        ClientTransaction transaction = provider().getNewClientTransaction(invite);
        attempt.invite = transaction;
        transaction.sendRequest();
    }

    /** Our side stops the attempt: CANCEL once the far end has answered provisionally; later 2xx get ACK + BYE. */
    private void giveUp(Attempt attempt) {
        attempt.abandoned.set(true);
        ClientTransaction transaction = attempt.invite;
        if (transaction == null || !attempt.provisional) {
            return;
        }
        try {
            Request cancel = transaction.createCancel();
            provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            log.debug("CANCEL of {} failed: {}", attempt.callId, e.toString());
        }
    }

    private void terminate(Attempt attempt) {
        attempt.abandoned.set(true);
        ClientTransaction transaction = attempt.invite;
        if (transaction != null) {
            try {
                transaction.terminate();
            } catch (Exception e) {
                log.debug("terminating {} failed: {}", attempt.callId, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- responses

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        Attempt attempt = attempts.get(callId);
        if (attempt == null || cseq == null || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        int status = response.getStatusCode();
        attempt.responded = true;
        try {
            if (status < 200) {
                attempt.provisional = true;
                if (attempt.abandoned.get()) {
                    out.schedule(() -> giveUp(attempt));
                }
            } else if (status < 300) {
                answered(attempt, event, cseq.getSeqNumber());
            } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                    && !attempt.authTried
                    && !attempt.abandoned.get()
                    && trunk != null
                    && trunk.outbound() != null) {
                attempt.authTried = true;
                Header authorization = authorization(response, attempt);
                attempt.cseq = cseq.getSeqNumber() + 1;
                Request again = invite(attempt, authorization);
                out.schedule(() -> {
                    try {
                        sendInvite(attempt, again);
                    } catch (Exception e) {
                        attempt.finish(new OutboundResult.Failed(OutboundOutcome.UNREACHABLE, 0, e.toString()));
                    }
                });
            } else if (!attempt.abandoned.get()) {
                attempt.finish(new OutboundResult.Failed(
                        OutboundOutcome.ofStatus(status), status, status + " " + response.getReasonPhrase()));
            } else {
                attempts.remove(callId, attempt);
            }
        } catch (Exception e) {
            log.warn("Outbound call {}: answer {} not handled: {}", callId, status, e.toString());
            attempt.finish(new OutboundResult.Failed(OutboundOutcome.UNREACHABLE, status, e.toString()));
        }
    }

    private void answered(Attempt attempt, ResponseEvent event, long seq) throws Exception {
        Dialog dialog = event.getDialog() != null
                ? event.getDialog()
                : event.getClientTransaction() == null
                        ? null
                        : event.getClientTransaction().getDialog();
        if (dialog == null) {
            log.warn("Outbound call {} answered without a dialog", attempt.callId);
            attempt.finish(new OutboundResult.Failed(OutboundOutcome.UNREACHABLE, 200, "no dialog"));
            return;
        }
        Request ack = dialog.createAck(seq);
        if (attempt.call != null) {
            // a retransmitted 200: acknowledge again, nothing else
            out.schedule(() -> sendAck(dialog, ack, attempt.callId));
            return;
        }
        attempt.dialog = dialog;
        OutboundCall call = new OutboundCall(
                attempt.callId, attempt.request.number(), attempt.request.callerId(), () -> bye(attempt));
        attempt.call = call;
        byte[] body = event.getResponse().getRawContent();
        String sdp = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        out.schedule(() -> {
            sendAck(dialog, ack, attempt.callId);
            if (attempt.abandoned.get() || attempt.done.get()) {
                // answered after we gave up: end it at once
                call.hangUp().subscribe();
                return;
            }
            if (sdp.isBlank()) {
                call.hangUp().subscribe();
                attempt.finish(new OutboundResult.Failed(OutboundOutcome.REJECTED, 200, "answer without SDP"));
                return;
            }
            attempt.finish(new OutboundResult.Answered(call, sdp));
        });
    }

    private void sendAck(Dialog dialog, Request ack, String callId) {
        try {
            dialog.sendAck(ack);
        } catch (Exception e) {
            log.warn("ACK for outbound call {} failed: {}", callId, e.toString());
        }
    }

    private Mono<Void> bye(Attempt attempt) {
        return Mono.<Void>fromRunnable(() -> {
                    attempts.remove(attempt.callId, attempt);
                    Dialog dialog = attempt.dialog;
                    if (dialog == null) {
                        return;
                    }
                    try {
                        Request bye = dialog.createRequest(Request.BYE);
                        dialog.sendRequest(provider().getNewClientTransaction(bye));
                    } catch (Exception e) {
                        log.warn("BYE for outbound call {} failed: {}", attempt.callId, e.toString());
                    }
                })
                .subscribeOn(out);
    }

    /** Our digest answer to the carrier's challenge (MD5; {@code qop=auth} when offered). */
    private Header authorization(Response challenge, Attempt attempt) throws Exception {
        TrunkProfile.Credentials credentials = java.util.Objects.requireNonNull(
                java.util.Objects.requireNonNull(trunk).outbound());
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader www = proxy
                ? (ProxyAuthenticateHeader) challenge.getHeader(ProxyAuthenticateHeader.NAME)
                : (WWWAuthenticateHeader) challenge.getHeader(WWWAuthenticateHeader.NAME);
        if (www == null) {
            throw new IllegalStateException("a " + challenge.getStatusCode() + " without a challenge");
        }
        String realm = www.getRealm() == null ? credentials.realm() : www.getRealm();
        String nonce = String.valueOf(www.getNonce());
        String uri = "sip:" + attempt.request.number() + "@" + properties.destination();
        String qop = www.getQop() != null && www.getQop().contains("auth") ? "auth" : null;
        String cnonce = HexFormat.of().formatHex(randomBytes());
        String nc = "00000001";
        String ha1 = DigestAuthenticator.md5(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = DigestAuthenticator.md5(Request.INVITE + ":" + uri);
        String response = qop == null
                ? DigestAuthenticator.md5(ha1 + ":" + nonce + ":" + ha2)
                : DigestAuthenticator.md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        AuthorizationHeader header = proxy
                ? headers().createProxyAuthorizationHeader("Digest")
                : headers().createAuthorizationHeader("Digest");
        header.setUsername(credentials.username());
        header.setRealm(realm);
        header.setNonce(nonce);
        header.setURI(addresses().createURI(uri));
        header.setResponse(response);
        header.setAlgorithm("MD5");
        if (www.getOpaque() != null) {
            header.setOpaque(www.getOpaque());
        }
        if (qop != null) {
            header.setQop(qop);
            header.setCNonce(cnonce);
            header.setNonceCount(1);
        }
        return header;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- requests from the far end

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        try {
            switch (request.getMethod()) {
                case Request.BYE -> {
                    respond(event, Response.OK);
                    Attempt attempt = attempts.remove(callId);
                    OutboundCall call = attempt == null ? null : attempt.call;
                    if (call != null) {
                        call.farEndHungUp();
                    }
                }
                case Request.ACK -> {}
                case Request.OPTIONS -> respond(event, Response.OK);
                default -> respond(event, Response.METHOD_NOT_ALLOWED);
            }
        } catch (Exception e) {
            log.warn("Outbound SIP {} failed: {}", request.getMethod(), e.toString());
        }
    }

    private void respond(RequestEvent event, int status) throws Exception {
        Response response = messages().createResponse(status, event.getRequest());
        ServerTransaction transaction = event.getServerTransaction();
        out.schedule(() -> {
            try {
                if (transaction != null) {
                    transaction.sendResponse(response);
                } else {
                    provider().sendResponse(response);
                }
            } catch (Exception e) {
                log.debug("answer failed: {}", e.toString());
            }
        });
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null) {
            return;
        }
        String callId = ((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
        Attempt attempt = attempts.get(callId);
        if (attempt != null && Request.INVITE.equals(transaction.getRequest().getMethod())) {
            attempt.finish(new OutboundResult.Failed(OutboundOutcome.UNREACHABLE, 408, "SIP timeout"));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("Outbound SIP I/O error towards {}:{}", event.getHost(), event.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    // ---------------------------------------------------------------- lifecycle

    @Override
    public synchronized void start() {
        if (stack != null) {
            return;
        }
        try {
            SipFactory factory = SipStacks.factory();
            Properties config = SipStacks.config("call-cloud-outbound", 4, log);
            SipStack created = factory.createSipStack(config);
            int wanted = properties.port() == null ? 0 : properties.port();
            int chosen = wanted == 0 ? freeUdpPort(host()) : wanted;
            ListeningPoint udp = created.createListeningPoint(host(), chosen, ListeningPoint.UDP);
            SipProvider createdProvider = created.createSipProvider(udp);
            createdProvider.addSipListener(this);
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            created.start();
            port = chosen;
            provider = createdProvider;
            stack = created;
            log.info(
                    "Outbound SIP on {}:{} (UDP) towards {} with trunk {}",
                    host(),
                    port,
                    properties.destination(),
                    properties.trunk());
        } catch (Exception e) {
            throw new IllegalStateException("The outbound SIP stack could not start on " + host(), e);
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

    private static int freeUdpPort(String host) throws java.io.IOException {
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), 0))) {
            return socket.getLocalPort();
        }
    }

    private String host() {
        return String.valueOf(properties.host());
    }

    private SipProvider provider() {
        SipProvider current = provider;
        if (current == null) {
            throw new IllegalStateException("the outbound SIP stack is not running");
        }
        return current;
    }

    private MessageFactory messages() {
        return java.util.Objects.requireNonNull(messages, "the outbound SIP stack is not running");
    }

    private HeaderFactory headers() {
        return java.util.Objects.requireNonNull(headers, "the outbound SIP stack is not running");
    }

    private AddressFactory addresses() {
        return java.util.Objects.requireNonNull(addresses, "the outbound SIP stack is not running");
    }
}
