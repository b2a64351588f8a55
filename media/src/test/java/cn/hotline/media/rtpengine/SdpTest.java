package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServerException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {

    private static final String OFFER = "v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n";

    @Test
    void readsStaticPayloadTypesWithoutRtpmap() {
        assertThat(Sdp.audioCodecs(OFFER)).containsExactly("PCMU", "PCMA", "telephone-event");
    }

    @Test
    void choosesOurPreferenceNotTheOfferersOrder() {
        assertThat(Sdp.choose(OFFER, List.of(Codec.PCMA, Codec.PCMU))).isEqualTo(Codec.PCMA);
    }

    @Test
    void refusesAnOfferWithoutAudioOrWithoutACommonCodec() {
        assertThatThrownBy(() -> Sdp.choose("v=0\r\nm=video 4000 RTP/AVP 96\r\n", List.of(Codec.PCMA)))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNACCEPTABLE_SDP));
        assertThatThrownBy(() -> Sdp.choose(OFFER.replace("0 8 101", "18"), List.of(Codec.PCMA)))
                .isInstanceOf(MediaServerException.class)
                .hasMessageContaining("no common codec");
    }

    @Test
    void dropsTheSignalledSsrcSoABrowserTakesTheMixersStreamToo() {
        String carrier = "v=0\r\nm=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ssrc:305419896 cname:carrier\r\n"
                + "a=ssrc-group:FID 1 2\r\na=sendrecv\r\n";

        assertThat(Sdp.withoutSsrc(carrier))
                .isEqualTo("v=0\r\nm=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n");
    }

    @Test
    void dropsCandidatesThatRepeatAnEarlierPriorityOfTheSameComponent() {
        String offer = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n"
                + "a=candidate:2 1 udp 2122260223 192.0.2.2 50001 typ host\r\n"
                + "a=candidate:3 1 udp 2122194687 10.0.0.1 50002 typ host\r\n"
                + "a=end-of-candidates";

        assertThat(Sdp.withoutDuplicateCandidatePriorities(offer))
                .contains("127.0.0.1 50000", "10.0.0.1 50002")
                .doesNotContain("192.0.2.2");
    }
}
