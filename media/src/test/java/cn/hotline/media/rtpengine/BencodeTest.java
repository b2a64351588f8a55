package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BencodeTest {

    @Test
    void encodesAnOfferAsRtpengineExpectsIt() {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("command", "offer");
        offer.put("replace", List.of("origin"));
        offer.put("repeat-times", 3);

        assertThat(new String(Bencode.encode(offer), StandardCharsets.UTF_8))
                .isEqualTo("d7:command5:offer7:replacel6:origine12:repeat-timesi3ee");
    }

    @Test
    void countsBytesNotCharactersInStrings() {
        assertThat(Bencode.encode("录音")).hasSize(2 + 6);
        assertThat(Bencode.decode(Bencode.encode("录音"))).isEqualTo("录音");
    }

    @Test
    void decodesARepliesDictionaryInArrivalOrder() {
        Object reply = Bencode.decode("d6:result2:ok8:durationi2000e3:sdp3:v=0e".getBytes(StandardCharsets.US_ASCII));

        assertThat(reply).isInstanceOf(Map.class);
        assertThat(List.copyOf(((Map<?, ?>) reply).keySet())).isEqualTo(List.of("result", "duration", "sdp"));
        assertThat(((Map<?, ?>) reply).get("duration")).isEqualTo(2000L);
    }

    @Test
    void aStreamPrefixIsIncompleteUntilTheWholeValueArrived() {
        byte[] stream = "d6:notify6:onDTMF4:datad5:eventi1eee".getBytes(StandardCharsets.US_ASCII);

        assertThat(Bencode.decodePrefix(stream, 0, stream.length - 1)).isNull();
        assertThat(Bencode.decodePrefix(stream, 0, 20)).isNull();
        Bencode.Decoded whole = Bencode.decodePrefix(stream, 0, stream.length);
        assertThat(whole).isNotNull();
        assertThat(whole.end()).isEqualTo(stream.length);
    }

    @Test
    void refusesWhatIsNotBencode() {
        assertThatThrownBy(() -> Bencode.decode("x".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bencode.decode("i1ei2e".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
