package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void readsOptionsInBothForms() {
        CommandLine line = CommandLine.parse(List.of("platform", "--root", "/repo", "--gateway-port=18081"));

        assertThat(line.command()).isEqualTo("platform");
        assertThat(line.option("root")).contains("/repo");
        assertThat(line.intOption("gateway-port", 18080)).isEqualTo(18081);
    }

    @Test
    void defaultsAndLists() {
        CommandLine line = CommandLine.parse(List.of("servers", "--env-file", "f", "--s3-buckets", "a, b,,c"));

        assertThat(line.required("env-file")).isEqualTo("f");
        assertThat(line.option("run-dir")).isEmpty();
        assertThat(line.listOption("s3-buckets")).containsExactly("a", "b", "c");
    }

    @Test
    void refusesWhatTheCommandDoesNotKnow() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("servers", "--gateway-port", "1")))
                .hasMessageContaining("has no option --gateway-port");
        assertThatThrownBy(() -> CommandLine.parse(List.of("start"))).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> CommandLine.parse(List.of("servers", "--env-file")))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CommandLine.parse(List.of("servers", "stray"))).hasMessageContaining("unexpected");
        assertThatThrownBy(() -> CommandLine.parse(List.of("servers")).required("env-file"))
                .hasMessageContaining("servers needs --env-file");
        assertThatThrownBy(() -> CommandLine.parse(List.of("platform", "--gateway-port", "x"))
                        .intOption("gateway-port", 1))
                .hasMessageContaining("must be a number");
    }

    @Test
    void cliExitsWithTwoOnAUsageError() {
        assertThat(new DevStack(System.out).run(List.of("servers", "--bogus", "1")))
                .isEqualTo(2);
        assertThat(new DevStack(System.out).run(List.of())).isEqualTo(2);
        assertThat(new DevStack(System.out).run(List.of("help"))).isZero();
    }
}
