package cn.hotline.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server distributions that Maven unpacked (Pulsar) or copied (S3Mock) from Maven Central into {@code
 * .devstack/dist} of the repository. The folder can be moved with {@code -Ddevstack.dist=} or {@code CC_DEVSTACK_DIST}.
 */
record Distribution(Path directory, Path pulsarHome, Path s3mockJar) {

    static final String DIST_PROPERTY = "devstack.dist";
    static final String DIST_ENV = "CC_DEVSTACK_DIST";

    static Distribution locate() {
        BuildInfo build = BuildInfo.load();
        Path directory = configuredDirectory().orElse(build.distDirectory()).toAbsolutePath();
        Distribution distribution = new Distribution(
                directory,
                directory.resolve("apache-pulsar-" + build.pulsarVersion()),
                directory.resolve("s3mock-" + build.s3mockVersion() + "-exec.jar"));
        distribution.requireComplete();
        return distribution;
    }

    Path pulsarScript() {
        return pulsarHome.resolve("bin").resolve("pulsar");
    }

    Path pulsarStandaloneConf() {
        return pulsarHome.resolve("conf").resolve("standalone.conf");
    }

    private void requireComplete() {
        for (Path required : new Path[] {pulsarScript(), pulsarStandaloneConf(), s3mockJar}) {
            if (!Files.isRegularFile(required)) {
                throw new StackStartException(required + " is missing. Fetch the server distributions with "
                        + "./mvnw -B -ntp -pl devstack generate-resources (./test and ./run do it), or point "
                        + DIST_PROPERTY + " / " + DIST_ENV + " at a folder that has them");
            }
        }
    }

    private static Optional<Path> configuredDirectory() {
        String configured = System.getProperty(DIST_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIST_ENV);
        }
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(Path.of(configured));
    }
}
