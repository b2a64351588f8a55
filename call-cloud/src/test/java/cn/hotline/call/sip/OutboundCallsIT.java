package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The UAC side against a real far end: SIPp as the carrier / the called phone (UAS scenarios), reached directly on
 * loopback (devstack's Kamailio only routes calls inbound to call-cloud; see the README). Asserts what the far end
 * received (Request-URI, From, P-Asserted-Identity, CANCEL, digest answer) and the outcome we report.
 */
class OutboundCallsIT {

    private static final String IP = "127.0.0.1";
    private static final TenantId TENANT = new TenantId("shushan");
    private static final String CALLER_ID = "055165312345";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OFFER =
            """
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 30500 RTP/AVP 8 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=sendrecv
            """
                    .replace("\n", "\r\n");

    private OutboundCalls outbound;
    private Sipp.Serving farEnd;

    @AfterEach
    void stop() {
        if (outbound != null) {
            outbound.stop();
        }
        if (farEnd != null) {
            farEnd.stop();
        }
    }

    private OutboundCalls outbound(int port, Duration ringTimeout, TrunkProfile.Credentials credentials) {
        TrunkProfile trunk = new TrunkProfile(List.of(IP), null, null, credentials, true, "0551", null, null);
        SipProperties sip = new SipProperties(true, IP, 0, Map.of("carrier", trunk), null, null);
        OutboundProperties properties = new OutboundProperties(
                true, IP, 0, "carrier", IP + ":" + port, Map.of(), Map.of(), null, ringTimeout, Duration.ofSeconds(3));
        OutboundCalls calls = new OutboundCalls(properties, sip);
        calls.start();
        return calls;
    }

    private Sipp.Serving farEnd(String scenario, Map<String, String> replacements) {
        farEnd = Sipp.serve(Sipp.scenario(scenario, replacements), IP, 1);
        return farEnd;
    }

    private static Map<String, String> answering(boolean farEndHangsUp) {
        return Map.of(
                "@OUR_BYE_START@", farEndHangsUp ? "<!--" : "",
                "@OUR_BYE_END@", farEndHangsUp ? "-->" : "",
                "@FAR_BYE_START@", farEndHangsUp ? "" : "<!--",
                "@FAR_BYE_END@", farEndHangsUp ? "" : "-->",
                "@TALK_MS@", farEndHangsUp ? "1000" : "15000");
    }

    @Test
    void anAnsweredCallPresentsTheTenantCallerIdAndEndsWithOurBye() {
        Sipp.Serving far = farEnd("uas_outbound.xml", answering(false));
        outbound = outbound(far.port(), Duration.ofSeconds(10), null);

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Answered.class);
        OutboundResult.Answered answered = (OutboundResult.Answered) result;
        assertThat(answered.sdpAnswer()).contains("m=audio").contains("PCMA/8000");
        answered.call().hangUp().block(WAIT);
        assertThat(answered.call().ended().block(WAIT)).isEqualTo(OutboundCall.EndedBy.US);
        Sipp.Result finished = far.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
        String messages = far.messages();
        assertThat(messages).contains("INVITE sip:13800138000@127.0.0.1:" + far.port() + " SIP/2.0");
        assertThat(messages).containsPattern("From: <sip:" + CALLER_ID + "@127.0.0.1>;tag=");
        assertThat(messages).contains("P-Asserted-Identity: <sip:" + CALLER_ID + "@127.0.0.1>");
        assertThat(messages).contains("BYE sip:");
    }

    @Test
    void theFarEndHangingUpIsReported() {
        Sipp.Serving far = farEnd("uas_outbound.xml", answering(true));
        outbound = outbound(far.port(), Duration.ofSeconds(10), null);

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "055162345678", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Answered.class);
        OutboundCall call = ((OutboundResult.Answered) result).call();
        assertThat(call.ended().block(WAIT)).isEqualTo(OutboundCall.EndedBy.FAR_END);
        Sipp.Result finished = far.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
        assertThat(far.messages()).contains("INVITE sip:055162345678@127.0.0.1:");
    }

    @Test
    void busyHereIsBusy() {
        Sipp.Serving far = farEnd("uas_refusing.xml", Map.of("@CODE@", "486"));
        outbound = outbound(far.port(), Duration.ofSeconds(10), null);

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isEqualTo(new OutboundResult.Failed(OutboundOutcome.BUSY, 486, "486 Refused"));
        Sipp.Result finished = far.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
    }

    @Test
    void aDeclineIsRejected() {
        Sipp.Serving far = farEnd("uas_refusing.xml", Map.of("@CODE@", "603"));
        outbound = outbound(far.port(), Duration.ofSeconds(10), null);

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Failed.class);
        assertThat(((OutboundResult.Failed) result).outcome()).isEqualTo(OutboundOutcome.REJECTED);
        assertThat(far.await(WAIT).allCallsSucceeded()).isTrue();
    }

    @Test
    void ringingWithoutAnswerIsCancelledAfterTheRingTimeout() {
        Sipp.Serving far = farEnd("uas_no_answer.xml", Map.of());
        outbound = outbound(far.port(), Duration.ofSeconds(2), null);
        long started = System.nanoTime();

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Failed.class);
        assertThat(((OutboundResult.Failed) result).outcome()).isEqualTo(OutboundOutcome.NO_ANSWER);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        Sipp.Result finished = far.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
        assertThat(far.messages()).contains("CANCEL sip:13800138000@");
    }

    @Test
    void aFarEndThatNeverAnswersIsUnreachable() throws Exception {
        int silent;
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress(IP, 0))) {
            silent = socket.getLocalPort();
        }
        outbound = outbound(silent, Duration.ofSeconds(10), null);

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Failed.class);
        assertThat(((OutboundResult.Failed) result).outcome()).isEqualTo(OutboundOutcome.UNREACHABLE);
    }

    @Test
    void aDigestChallengeIsAnsweredWithTheTrunkCredentials() {
        Sipp.Serving far = farEnd("uas_auth.xml", Map.of("@USER@", "hotline", "@PASSWORD@", "outbound-secret"));
        outbound = outbound(
                far.port(),
                Duration.ofSeconds(10),
                new TrunkProfile.Credentials("carrier.test", "hotline", "outbound-secret"));

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Answered.class);
        ((OutboundResult.Answered) result).call().hangUp().block(WAIT);
        Sipp.Result finished = far.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
        assertThat(far.messages()).contains("Authorization: Digest").contains("username=\"hotline\"");
    }

    @Test
    void wrongCredentialsAreRejected() {
        Sipp.Serving far = farEnd("uas_auth.xml", Map.of("@USER@", "hotline", "@PASSWORD@", "outbound-secret"));
        outbound = outbound(
                far.port(),
                Duration.ofSeconds(10),
                new TrunkProfile.Credentials("carrier.test", "hotline", "not-the-secret"));

        OutboundResult result = outbound.dial(new OutboundRequest(TENANT, "13800138000", CALLER_ID, OFFER))
                .block(WAIT);

        assertThat(result).isEqualTo(new OutboundResult.Failed(OutboundOutcome.REJECTED, 403, "403 Wrong credentials"));
    }
}
