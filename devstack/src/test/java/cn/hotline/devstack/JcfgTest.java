package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JcfgTest {

    private static final String PACKAGED =
            """
            general: {
            \tjson = "indented"\t\t# comment
            \t#ip = "192.168.0.1"
            \tport = 8088
            \tnested: {
            \t\tport = 1
            \t}
            }
            admin: {
            \tadmin_http = true
            }
            media: {}
            """;

    @Test
    void replacesAnActiveKeyOnlyInItsSection() {
        String text = Jcfg.set(PACKAGED, "general", "port", "18088");
        assertThat(Jcfg.get(text, "general", "port")).contains("18088");
        assertThat(text).contains("\t\tport = 1").doesNotContain("port = 8088");
    }

    @Test
    void addsAKeyThatIsOnlyCommentedOutAndKeepsTheComment() {
        String text = Jcfg.set(PACKAGED, "general", "ip", "\"127.0.0.1\"");
        assertThat(Jcfg.get(text, "general", "ip")).contains("127.0.0.1");
        assertThat(text).contains("#ip = \"192.168.0.1\"");
    }

    @Test
    void addsMissingSectionsAndFillsOneLineSections() {
        String text = Jcfg.set(PACKAGED, "events", "broadcast", "false");
        text = Jcfg.set(text, "media", "rtp_port_range", "\"20000-20199\"");
        assertThat(Jcfg.get(text, "events", "broadcast")).contains("false");
        assertThat(Jcfg.get(text, "media", "rtp_port_range")).contains("20000-20199");
        assertThat(Jcfg.get(text, "admin", "admin_http")).contains("true");
    }

    @Test
    void getIgnoresCommentedAndNestedKeys() {
        assertThat(Jcfg.get(PACKAGED, "general", "ip")).isEmpty();
        assertThat(Jcfg.get(PACKAGED, "admin", "port")).isEmpty();
        assertThat(Jcfg.get(PACKAGED, "general", "json")).contains("indented");
    }
}
