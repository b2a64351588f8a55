package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls through devstack's Kamailio: the UAC pre-loads the edge as its Route, Kamailio relays the INVITE
 * record-routed to the far end (SIPp), and the dialog's requests (our ACK and BYE, the far end's BYE) pass the edge.
 */
@RealServers
class OutboundThroughEdgeIT {

    private static final String IP = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OFFER =
            """
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 30502 RTP/AVP 8
            a=rtpmap:8 PCMA/8000
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

    private OutboundCalls throughEdge(int farPort) {
        String edge = System.getProperty("CC_SIP_EDGE_HOST") + ":" + System.getProperty("CC_SIP_EDGE_PORT");
        TrunkProfile trunk = new TrunkProfile(List.of(IP), null, null, null, true, "0551", null, null);
        OutboundCalls calls = new OutboundCalls(
                new OutboundProperties(
                        true,
                        IP,
                        0,
                        "carrier",
                        IP + ":" + farPort,
                        Map.of(),
                        Map.of(),
                        edge,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(3)),
                new SipProperties(true, IP, 0, Map.of("carrier", trunk), null, null));
        calls.start();
        return calls;
    }

    @Test
    void anOutboundCallPassesTheEdgeBothWays() {
        farEnd = Sipp.serve(
                Sipp.scenario(
                        "uas_outbound.xml",
                        Map.of(
                                "@OUR_BYE_START@", "<!--",
                                "@OUR_BYE_END@", "-->",
                                "@FAR_BYE_START@", "",
                                "@FAR_BYE_END@", "",
                                "@TALK_MS@", "1000")),
                IP,
                1);
        outbound = throughEdge(farEnd.port());

        OutboundResult result = outbound.dial(
                        new OutboundRequest(TenantId.of("shushan"), "13800138000", "055165312345", OFFER))
                .block(WAIT);

        assertThat(result).as("result").isInstanceOf(OutboundResult.Answered.class);
        OutboundCall call = ((OutboundResult.Answered) result).call();
        assertThat(call.ended().block(WAIT))
                .as("the far end's BYE came back through the edge")
                .isEqualTo(OutboundCall.EndedBy.FAR_END);
        Sipp.Result finished = farEnd.await(WAIT);
        assertThat(finished.allCallsSucceeded()).as(finished.output()).isTrue();
        String messages = farEnd.messages();
        assertThat(messages).contains("INVITE sip:13800138000@127.0.0.1:" + farEnd.port() + " SIP/2.0");
        assertThat(messages)
                .as("Kamailio record-routed the call")
                .containsPattern("Record-Route: <sip:127\\.0\\.0\\.1:" + System.getProperty("CC_SIP_EDGE_PORT"));
        assertThat(messages).contains("P-Asserted-Identity: <sip:055165312345@127.0.0.1>");
    }

    @Test
    void aBusyFarEndBehindTheEdgeIsBusy() {
        farEnd = Sipp.serve(Sipp.scenario("uas_refusing.xml", Map.of("@CODE@", "486")), IP, 1);
        outbound = throughEdge(farEnd.port());

        OutboundResult result = outbound.dial(
                        new OutboundRequest(TenantId.of("shushan"), "13800138000", "055165312345", OFFER))
                .block(WAIT);

        assertThat(result).isInstanceOf(OutboundResult.Failed.class);
        assertThat(((OutboundResult.Failed) result).outcome()).isEqualTo(OutboundOutcome.BUSY);
        assertThat(farEnd.messages()).contains("Record-Route: <sip:127.0.0.1:");
    }
}
