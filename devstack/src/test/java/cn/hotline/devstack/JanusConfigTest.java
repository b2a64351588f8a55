package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration rewrite against a packaged-like folder; {@link LocalStackIT} runs it against the real Janus. */
class JanusConfigTest {

    @TempDir
    Path dir;

    private Path source;
    private JanusConfig config;

    @BeforeEach
    void packagedConfiguration() throws IOException {
        source = Files.createDirectories(dir.resolve("etc-janus"));
        Path transports = Files.createDirectories(dir.resolve("lib/transports"));
        Path events = Files.createDirectories(dir.resolve("lib/events"));
        Path loggers = Files.createDirectories(dir.resolve("lib/loggers"));
        for (String so :
                new String[] {"libjanus_http.so", "libjanus_websockets.so", "libjanus_mqtt.so", "libjanus_pfunix.so"}) {
            Files.createFile(transports.resolve(so));
        }
        Files.createFile(transports.resolve("libjanus_mqtt.so.1"));
        Files.createFile(events.resolve("libjanus_wsevh.so"));
        Files.createFile(loggers.resolve("libjanus_jsonlog.so"));
        Files.writeString(
                source.resolve("janus.jcfg"),
                """
                general: {
                \tconfigs_folder = "/etc/janus"
                \tplugins_folder = "%s"
                \ttransports_folder = "%s"
                \tevents_folder = "%s"
                \tloggers_folder = "%s"
                \tadmin_secret = "janusoverlord"
                }
                nat: {
                \tice_ignore_list = "vmnet"
                }
                plugins: {
                }
                transports: {
                }
                """
                        .formatted(dir.resolve("lib/plugins"), transports, events, loggers));
        Files.writeString(
                source.resolve("janus.transport.http.jcfg"),
                """
                general: {
                \tbase_path = "/janus"
                \thttp = true
                \tport = 8088
                \t#ip = "192.168.0.1"
                \thttps = false
                }
                admin: {
                \tadmin_http = true
                \tadmin_port = 7088
                }
                """);
        Files.writeString(source.resolve("janus.plugin.streaming.jcfg"), "rtp-sample: {\n\taudioport = 5002\n}\n");
        Files.writeString(
                source.resolve("janus.plugin.sip.jcfg"), "general: {\n\trtp_port_range = \"20000-40000\"\n}\n");
        Files.writeString(source.resolve("janus.plugin.echotest.jcfg"), "general: {\n}\n");
        Files.writeString(source.resolve("janus.eventhandler.wsevh.jcfg"), "general: {\n\tenabled = true\n}\n");
        config = new JanusConfig(
                source,
                dir.resolve("conf"),
                dir.resolve("media"),
                41001,
                41002,
                new Ports.UdpRange(21000, 21199),
                new Ports.UdpRange(21200, 21399));
    }

    @Test
    void mainConfigPointsAtTheCopyAndDisablesEverythingButHttpAndWebsockets() throws IOException {
        Path main = config.write();
        String text = Files.readString(main);

        assertThat(Jcfg.get(text, "general", "configs_folder"))
                .contains(dir.resolve("conf").toString());
        assertThat(Jcfg.get(text, "transports", "disable")).contains("libjanus_mqtt.so,libjanus_pfunix.so");
        assertThat(Jcfg.get(text, "events", "disable")).contains("libjanus_wsevh.so");
        assertThat(Jcfg.get(text, "events", "broadcast")).contains("false");
        assertThat(Jcfg.get(text, "loggers", "disable")).contains("libjanus_jsonlog.so");
        assertThat(Jcfg.get(text, "plugins", "disable")).contains("libjanus_lua.so,libjanus_duktape.so");
        assertThat(Jcfg.get(text, "nat", "ice_ignore_list")).contains("vmnet");
    }

    @Test
    void transportsListenOnLoopbackOnlyWithoutAdminApi() throws IOException {
        config.write();
        String http = Files.readString(dir.resolve("conf/janus.transport.http.jcfg"));
        String ws = Files.readString(dir.resolve("conf/janus.transport.websockets.jcfg"));

        assertThat(Jcfg.get(http, "general", "port")).contains("41001");
        assertThat(Jcfg.get(http, "general", "ip")).contains("127.0.0.1");
        assertThat(Jcfg.get(http, "general", "base_path")).contains("/janus");
        assertThat(Jcfg.get(http, "admin", "admin_http")).contains("false");
        assertThat(Jcfg.get(ws, "general", "ws_port")).contains("41002");
        assertThat(Jcfg.get(ws, "general", "ws_ip")).contains("127.0.0.1");
        assertThat(Jcfg.get(ws, "admin", "admin_ws")).contains("false");
    }

    @Test
    void pluginsGetNoDemoMountpointsAndLoopbackMediaInTheirRange() throws IOException {
        config.write();
        String streaming = Files.readString(dir.resolve("conf/janus.plugin.streaming.jcfg"));
        String sip = Files.readString(dir.resolve("conf/janus.plugin.sip.jcfg"));

        assertThat(streaming).doesNotContain("rtp-sample").doesNotContain("5002");
        assertThat(Jcfg.get(sip, "general", "local_ip")).contains("127.0.0.1");
        assertThat(Jcfg.get(sip, "general", "rtp_port_range")).contains("21200-21399");
        assertThat(dir.resolve("conf/janus.plugin.echotest.jcfg")).exists();
        assertThat(dir.resolve("conf/janus.eventhandler.wsevh.jcfg")).doesNotExist();
    }

    @Test
    void missingPackagedConfigurationSaysWhichPackageToInstall() throws IOException {
        Files.delete(source.resolve("janus.jcfg"));
        assertThatThrownBy(config::write)
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("Debian package janus");
    }
}
