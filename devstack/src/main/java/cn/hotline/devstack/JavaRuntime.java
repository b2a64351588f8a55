package cn.hotline.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDK that runs the launcher also runs every Java child (Pulsar, S3Mock, the services): one version to manage. */
final class JavaRuntime {

    private JavaRuntime() {}

    static Path home() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path java() {
        Path java = home().resolve("bin").resolve("java");
        if (Files.isExecutable(java)) {
            return java;
        }
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElseThrow(() -> new StackStartException("cannot find the java executable of this JVM"));
    }

    static int feature() {
        return Runtime.version().feature();
    }
}
