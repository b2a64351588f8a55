package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.Digit;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaEvent;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.Carrier;
import cn.hotline.media.testing.RtpPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/** A carrier's call (SIPp) answered on the real rtpengine of the test stack: SDP answer, prompt, digit, release. */
class RtpengineTrunkIT {

    private static final TenantId TENANT = TenantId.of("shushan");

    @TempDir
    static Path dir;

    private static RtpengineMediaServer media;

    @BeforeAll
    static void connect() {
        media = RtpengineFixture.connect(dir.resolve("spool"));
    }

    @AfterAll
    static void close() {
        media.close();
    }

    @Test
    void answersACarrierPlaysAPromptItHearsAndReportsTheDigitItSends() throws Exception {
        Path prompt = Audio.tone(dir.resolve("welcome.wav"), 440, 3);
        CallId call = CallId.random();
        AtomicReference<TrunkLeg> trunk = new AtomicReference<>();
        List<Digit> digits = new CopyOnWriteArrayList<>();
        try (Carrier carrier = new Carrier(dir)) {
            carrier.call(Carrier.DTMF_1, 1_500, 1_500);
            carrier.answerInvite(
                    offer -> {
                        TrunkLeg leg = media.answerTrunk(TENANT, call, offer, List.of(Codec.PCMA, Codec.PCMU))
                                .block(Duration.ofSeconds(5));
                        trunk.set(leg);
                        return leg.sdp();
                    },
                    Duration.ofSeconds(10));
            LegId leg = trunk.get().leg();
            Disposable listening = media.digits(leg).subscribe(digits::add);
            media.play(leg, new Prompt.File(prompt.toUri())).block(Duration.ofSeconds(5));

            Thread.sleep(1_200);
            long promptBytes = carrier.mediaBytes();
            assertThat(carrier.awaitEnd(Duration.ofSeconds(20)))
                    .as(carrier::sippLog)
                    .isZero();
            media.release(call).collectList().block(Duration.ofSeconds(5));
            listening.dispose();

            assertThat(trunk.get().codec()).isEqualTo(Codec.PCMA);
            assertThat(trunk.get().sdp()).contains("m=audio ", "RTP/AVP 8 101", "telephone-event/8000");
            // 20 ms packets of 160 bytes PCMA + 12 bytes RTP header: about 50 a second.
            assertThat(carrier.mediaPackets()).isGreaterThan(30);
            assertThat(promptBytes).isGreaterThan(30L * 172);
            assertThat(digits).extracting(Digit::key).containsExactly('1');
        }
    }

    @Test
    void refusesAnOfferWithoutACommonCodecAndKeepsNoCall() {
        String g729Only = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";
        CallId call = CallId.random();

        assertThatThrownBy(() -> media.answerTrunk(TENANT, call, g729Only, List.of(Codec.PCMA))
                        .block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNACCEPTABLE_SDP));
        assertThatThrownBy(() -> media.play(
                                RtpengineMediaServer.legId(call, "trunk-1"),
                                new Prompt.File(dir.resolve("x.wav").toUri()))
                        .block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
    }

    @Test
    void aPromptRaisesPlaybackFinishedWhenItsDurationIsOver() throws Exception {
        Path prompt = Audio.tone(dir.resolve("short.wav"), 440, 0.6);
        CallId call = CallId.random();
        try (Carrier carrier = new Carrier(dir)) {
            String offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + carrier.offeredMediaPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\n";
            TrunkLeg leg = media.answerTrunk(TENANT, call, offer, List.of(Codec.PCMA, Codec.PCMU))
                    .block(Duration.ofSeconds(5));
            List<MediaEvent> events = new CopyOnWriteArrayList<>();
            Disposable watching = media.events().subscribe(events::add);

            media.play(
                            leg.leg(),
                            new Prompt.Sequence(
                                    List.of(new Prompt.File(prompt.toUri()), new Prompt.File(prompt.toUri()))))
                    .block(Duration.ofSeconds(5));
            Thread.sleep(600);
            assertThat(events).noneMatch(MediaEvent.PlaybackFinished.class::isInstance);
            Thread.sleep(1_400);
            watching.dispose();
            media.release(call).blockLast(Duration.ofSeconds(5));

            assertThat(leg.codec()).isEqualTo(Codec.PCMU);
            assertThat(events)
                    .filteredOn(MediaEvent.PlaybackFinished.class::isInstance)
                    .singleElement()
                    .satisfies(event -> assertThat(((MediaEvent.PlaybackFinished) event).leg())
                            .isEqualTo(leg.leg()));
            assertThat(carrier.mediaPackets()).isGreaterThan(40);
        }
    }

    @Test
    void aCallerIsTransferredToAnOutsideNumberAndThemHearEachOtherOnceBridged() throws Exception {
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                RtpPeer mobile = new RtpPeer()) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            TrunkLeg outside =
                    media.offerTrunk(TENANT, call, List.of(Codec.PCMA)).block(Duration.ofSeconds(5));
            String mobileAnswer = mobile.offer(); // a plain-RTP answer: PCMA on the mobile side's port
            media.completeTrunk(outside.leg(), mobileAnswer).block(Duration.ofSeconds(5));
            mobile.sendToneTo(outside.sdp(), 700);
            Thread.sleep(500);
            caller.reset();
            mobile.reset();
            Thread.sleep(1_000);
            long callerBefore = caller.loudPackets();
            long mobileBefore = mobile.loudPackets();

            media.bridge(trunk.leg(), outside.leg()).block(Duration.ofSeconds(5));
            Thread.sleep(500);
            caller.reset();
            mobile.reset();
            Thread.sleep(1_500);
            long callerAfter = caller.loudPackets();
            long mobileAfter = mobile.loudPackets();
            media.release(call).blockLast(Duration.ofSeconds(5));

            assertThat(outside.sdp()).contains("m=audio ", "RTP/AVP 8");
            assertThat(callerBefore + mobileBefore)
                    .as("nothing crosses before the bridge")
                    .isLessThan(5);
            assertThat(callerAfter).as("the mobile at the caller").isGreaterThan(50);
            assertThat(mobileAfter).as("the caller at the mobile").isGreaterThan(50);
        }
    }
}
