package cn.hotline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** What Maven wrote into {@code devstack.properties} at build time: versions and where the distributions are. */
record BuildInfo(Path distDirectory, String projectVersion, String pulsarVersion, String s3mockVersion) {

    private static final String RESOURCE = "devstack.properties";

    static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the devstack jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(
                Path.of(required(properties, "dist.dir")),
                required(properties, "project.version"),
                required(properties, "pulsar.version"),
                required(properties, "s3mock.version"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key, "");
        if (value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " has no " + key + ": the devstack jar was not built by Maven");
        }
        return value;
    }
}
