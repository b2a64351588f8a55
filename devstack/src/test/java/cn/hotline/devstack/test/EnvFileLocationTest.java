package cn.hotline.devstack.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileLocationTest {

    @TempDir
    Path dir;

    @Test
    void systemPropertyWinsOverTheEnvironment() throws IOException {
        Path file = Files.createFile(dir.resolve("stack.env"));
        EnvFileLocation location = EnvFileLocation.resolve(
                Map.of("devstack.env", file.toString())::get, Map.of("CC_DEVSTACK_ENV", "/elsewhere")::get);

        assertThat(location.existingFile()).contains(file);
        assertThat(location.source()).contains("system property");
    }

    @Test
    void blankPropertyFallsBackToTheEnvironmentVariable() throws IOException {
        Path file = Files.createFile(dir.resolve("stack.env"));
        EnvFileLocation location = EnvFileLocation.resolve(
                Map.of("devstack.env", " ")::get, Map.of("CC_DEVSTACK_ENV", file.toString())::get);

        assertThat(location.existingFile()).contains(file);
        assertThat(location.source()).contains("CC_DEVSTACK_ENV");
    }

    @Test
    void namedButMissingFileIsNotUsed() {
        EnvFileLocation location = EnvFileLocation.resolve(
                Map.of("devstack.env", dir.resolve("gone.env").toString())::get, name -> null);

        assertThat(location.configured()).isEqualTo(dir.resolve("gone.env"));
        assertThat(location.existingFile()).isEmpty();
    }

    @Test
    void nothingConfigured() {
        EnvFileLocation location = EnvFileLocation.resolve(name -> null, name -> null);

        assertThat(location.configured()).isNull();
        assertThat(location.existingFile()).isEmpty();
    }
}
