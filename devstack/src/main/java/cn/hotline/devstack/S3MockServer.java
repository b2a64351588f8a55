package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adobe S3Mock (a Spring Boot app from Maven Central) as a separate JVM. Its main connector serves plain HTTP on
 * loopback; its extra "http.port" connector would bind all interfaces, so a bean definition file replaces it with one
 * bound to loopback.
 */
final class S3MockServer implements Server {

    static final String REGION = "us-east-1";
    /** S3Mock accepts any credentials; clients still need some to sign requests. */
    static final String ACCESS_KEY = "devstack-access-key";

    static final String SECRET_KEY = "devstack-secret-key";

    private final Distribution distribution;
    private final int port;
    private final int extraPort;
    private final List<String> initialBuckets;
    private final Path confDir;
    private final Path dataDir;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("s3mock", Duration.ofSeconds(10));

    S3MockServer(
            Distribution distribution,
            int port,
            int extraPort,
            List<String> initialBuckets,
            Path confDir,
            Path dataDir,
            Path logFile) {
        this.distribution = distribution;
        this.port = port;
        this.extraPort = extraPort;
        this.initialBuckets = List.copyOf(initialBuckets);
        this.confDir = confDir;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return "s3mock";
    }

    URI endpoint() {
        return URI.create("http://" + Ports.LOOPBACK_HOST + ":" + port);
    }

    static String loopbackConnector(int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by devstack: S3Mock's extra HTTP connector, bound to loopback instead of all interfaces. -->
                <beans xmlns="http://www.springframework.org/schema/beans"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="http://www.springframework.org/schema/beans https://www.springframework.org/schema/beans/spring-beans.xsd">
                  <bean id="httpConnector" class="org.apache.catalina.connector.Connector">
                    <constructor-arg>
                      <bean class="org.apache.coyote.http11.Http11NioProtocol">
                        <property name="address">
                          <bean class="java.net.InetAddress" factory-method="getByName">
                            <constructor-arg value="%s"/>
                          </bean>
                        </property>
                        <property name="port" value="%d"/>
                      </bean>
                    </constructor-arg>
                  </bean>
                </beans>
                """
                .formatted(Ports.LOOPBACK_HOST, port);
    }

    List<String> command(Path connectorXml) {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.java().toString(),
                "-Xms32m",
                "-Xmx192m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                distribution.s3mockJar().toString(),
                "--server.address=" + Ports.LOOPBACK_HOST,
                "--server.port=" + port,
                "--server.ssl.enabled=false",
                "--http.port=" + extraPort,
                "--spring.main.sources=" + connectorXml.toUri(),
                "--spring.main.allow-bean-definition-overriding=true",
                "--spring.main.banner-mode=off",
                "--com.adobe.testing.s3mock.store.root=" + dataDir,
                "--com.adobe.testing.s3mock.store.region=" + REGION,
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=false"));
        if (!initialBuckets.isEmpty()) {
            command.add("--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", initialBuckets));
        }
        return command;
    }

    @Override
    public void start() {
        Path connectorXml = confDir.resolve("s3mock-loopback-connector.xml");
        try {
            Files.createDirectories(confDir);
            Files.writeString(connectorXml, loopbackConnector(extraPort), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + connectorXml, e);
        }
        ChildProcess process =
                slot.launch(() -> ChildProcess.start(name(), command(connectorXml), Map.of(), confDir, logFile));
        Await.healthy("s3mock", Duration.ofSeconds(90), process, this::listsBuckets);
    }

    private Optional<Integer> listsBuckets() {
        return Http.get(endpoint())
                .filter(response ->
                        response.statusCode() == 200 && response.body().contains("ListAllMyBucketsResult"))
                .map(response -> response.statusCode());
    }

    @Override
    public void stop() {
        slot.stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(
                Ports.LOOPBACK_HOST + ":" + port + " (s3 " + endpoint() + ")",
                Ports.LOOPBACK_HOST + ":" + extraPort + " (s3mock's second http connector, unused)");
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(port, extraPort);
    }

    @Override
    public List<ProcessHandle> processes() {
        return slot.processes();
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
