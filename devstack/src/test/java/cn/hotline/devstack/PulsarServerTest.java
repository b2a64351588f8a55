package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PulsarServerTest {

    @Test
    void configureReplacesExistingKeysAndAppendsMissingOnes() {
        String packaged =
                "# broker\nbrokerServicePort=6650\nwebServicePort=8080\nbindAddress=0.0.0.0\n#listeningInterface=eth0\n";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerServicePort", "41000");
        settings.put("bindAddress", "127.0.0.1");
        settings.put("listeningInterface", "lo");

        String configured = PulsarServer.configure(packaged, settings);

        assertThat(configured.lines())
                .contains(
                        "brokerServicePort=41000",
                        "bindAddress=127.0.0.1",
                        "webServicePort=8080",
                        "listeningInterface=lo")
                .doesNotContain("brokerServicePort=6650", "bindAddress=0.0.0.0");
        assertThat(configured.lines().filter(line -> line.startsWith("brokerServicePort=")))
                .hasSize(1);
    }

    @Test
    void settingsBindEverythingToLoopbackOnTheChosenPorts() {
        PulsarServer pulsar = new PulsarServer(
                new Distribution(Path.of("/dist"), Path.of("/dist/pulsar"), Path.of("/dist/s3mock.jar")),
                41000,
                41001,
                Path.of("/run/conf"),
                Path.of("/run/data"),
                Path.of("/run/logs"));

        assertThat(pulsar.settings())
                .containsEntry("bindAddress", "127.0.0.1")
                .containsEntry("advertisedAddress", "127.0.0.1")
                .containsEntry("brokerServicePort", "41000")
                .containsEntry("webServicePort", "41001")
                .containsEntry("listeningInterface", "lo");
        assertThat(pulsar.serviceUrl()).hasToString("pulsar://127.0.0.1:41000");
        assertThat(pulsar.adminUrl()).hasToString("http://127.0.0.1:41001");
    }

    @Test
    void healthyOnlyWhenTheDefaultNamespaceIsListed() {
        assertThat(PulsarServer.listsDefaultNamespace("[\"public/default\",\"public/functions\"]"))
                .isTrue();
        assertThat(PulsarServer.listsDefaultNamespace("[\"public/functions\"]")).isFalse();
        assertThat(PulsarServer.listsDefaultNamespace("[]")).isFalse();
        assertThat(PulsarServer.listsDefaultNamespace("{\"reason\":\"Namespace does not exist\"}"))
                .isFalse();
        assertThat(PulsarServer.listsDefaultNamespace("<html>starting</html>")).isFalse();
    }
}
