package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.media.port.Codec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrunksTest {

    private static TrunkProfile profile(List<String> addresses, List<String> domains) {
        return new TrunkProfile(addresses, domains, null, null, true, "0551", null, null);
    }

    private final Trunks trunks = new Trunks(Map.of(
            "telecom", profile(List.of("10.1.1.1"), List.of()),
            "unicom-auth", profile(List.of("127.0.0.1"), List.of("auth.trunk")),
            "loopback", profile(List.of("127.0.0.1"), List.of())));

    @Test
    void picksTheTrunkByCarrierAddressAndDomain() {
        assertThat(trunks.select("anything", "10.1.1.1"))
                .get()
                .extracting(Trunks.Trunk::name)
                .isEqualTo("telecom");
        assertThat(trunks.select("auth.trunk", "127.0.0.1"))
                .get()
                .extracting(Trunks.Trunk::name)
                .isEqualTo("unicom-auth");
        assertThat(trunks.select("127.0.0.1", "127.0.0.1"))
                .get()
                .extracting(Trunks.Trunk::name)
                .isEqualTo("loopback");
    }

    @Test
    void aDomainAloneDoesNotMakeAStrangerACarrier() {
        assertThat(trunks.select("auth.trunk", "192.0.2.9")).isEmpty();
    }

    @Test
    void profilesDefaultToG711AndRfc4733AndRefuseOpus() {
        TrunkProfile profile = profile(List.of(), List.of());
        assertThat(profile.codecList()).containsExactly(Codec.PCMA, Codec.PCMU);
        assertThat(profile.dtmfMode()).isEqualTo(DtmfMode.RFC4733);
        assertThatThrownBy(() -> new TrunkProfile(null, null, null, null, false, null, List.of(Codec.OPUS), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrunkProfile(null, null, null, null, false, "551", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offersG711OnlyWhenTheAudioLineCarriesIt() {
        TrunkProfile profile = profile(List.of(), List.of());
        assertThat(SipEdge.offersG711("v=0\r\nm=audio 4000 RTP/AVP 8 101\r\n", profile))
                .isTrue();
        assertThat(SipEdge.offersG711("v=0\r\nm=audio 4000 RTP/AVP 18 101\r\n", profile))
                .isFalse();
    }
}
