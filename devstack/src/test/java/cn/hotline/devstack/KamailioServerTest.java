package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KamailioServerTest {

    private final KamailioServer kamailio =
            new KamailioServer(15060, List.of(15070, 15072), Path.of("/tmp/k"), Path.of("/tmp/k.log"));

    @Test
    void listensOnLoopbackOnlyWithFloodProtectionAndTheDispatcher() {
        String config = kamailio.config(Path.of("/tmp/k/dispatcher.list"));
        assertThat(config)
                .contains("listen=udp:127.0.0.1:15060", "listen=tcp:127.0.0.1:15060")
                .doesNotContain("0.0.0.0")
                .contains("pike_check_req()", "if (!($si == \"127.0.0.1\"))")
                .contains("modparam(\"dispatcher\", \"list_file\", \"/tmp/k/dispatcher.list\")")
                .contains("ds_ping_interval\", 2", "ds_select_dst(\"1\", \"4\")", "record_route()")
                .doesNotContain("@PORT@", "@LIST@", "@TRUSTED@");
    }

    @Test
    void relaysCallCloudsOutboundInvitesRecordRouted() {
        String config = kamailio.config(Path.of("/tmp/k/dispatcher.list"));
        assertThat(config)
                .contains("if (is_method(\"INVITE\") && is_present_hf(\"Route\") && ($si == \"127.0.0.1\"))")
                .contains("if (uri != myself) {");
    }

    @Test
    void everyReservedInstanceStartsProbing() {
        assertThat(kamailio.dispatcherList())
                .contains("1 sip:127.0.0.1:15070 9 0")
                .contains("1 sip:127.0.0.1:15072 9 0");
    }
}
