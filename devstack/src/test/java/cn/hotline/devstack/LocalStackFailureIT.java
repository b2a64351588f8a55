package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot start: the start fails with its log, and the servers that did start are stopped again. */
class LocalStackFailureIT {

    @TempDir
    Path dir;

    @AfterEach
    void forgetFakeDistribution() {
        System.clearProperty(Distribution.DIST_PROPERTY);
    }

    @Test
    void failingServerStopsTheOthersAndReportsTheEndOfItsLog() throws IOException {
        Distribution real = Distribution.locate();
        Path fake = dir.resolve("dist");
        Path pulsarHome = fake.resolve(real.pulsarHome().getFileName());
        Files.createDirectories(pulsarHome.resolve("bin"));
        Files.createDirectories(pulsarHome.resolve("conf"));
        Files.writeString(pulsarHome.resolve("conf/standalone.conf"), "brokerServicePort=6650\n");
        Files.writeString(
                pulsarHome.resolve("bin/pulsar"),
                "#!/usr/bin/env bash\necho 'broker: cannot bind, giving up'\nexit 7\n");
        Files.createSymbolicLink(fake.resolve(real.s3mockJar().getFileName()), real.s3mockJar());
        System.setProperty(Distribution.DIST_PROPERTY, fake.toString());
        Set<Long> before = ownDescendants();

        LocalStack stack = LocalStack.create(dir.resolve("run"));
        assertThatThrownBy(stack::start)
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("pulsar failed to start")
                .hasMessageContaining("exited with code 7")
                .hasMessageContaining("broker: cannot bind, giving up");

        assertThat(stack.processes()).isEmpty();
        assertThat(ownDescendants()).isSubsetOf(before);
        assertThat(Ports.listening(stack.tcpPorts())).isEmpty();
        stack.close();
    }

    @Test
    void closeWhileStartingStopsWhatStartedAndLeavesNothing() throws Exception {
        Set<Long> before = ownDescendants();
        LocalStack stack = LocalStack.create(dir.resolve("run"));
        CompletableFuture<LocalStack> start = CompletableFuture.supplyAsync(stack::start);
        // Redis and Janus are up by now, PostgreSQL, Pulsar and S3Mock are still starting: a Ctrl-C at that moment.
        Thread.sleep(1500);

        stack.close();

        assertThatThrownBy(() -> start.get(2, TimeUnit.MINUTES))
                .hasCauseInstanceOf(StackStartException.class)
                .hasMessageContaining("stopped while it was starting");
        assertThat(stack.processes()).isEmpty();
        assertThat(ownDescendants()).isSubsetOf(before);
        assertThat(Ports.listening(stack.tcpPorts())).isEmpty();
    }

    @Test
    void missingDistributionFailsBeforeAnythingStarts() {
        System.setProperty(
                Distribution.DIST_PROPERTY, dir.resolve("nothing-here").toString());

        assertThatThrownBy(() -> LocalStack.create(dir.resolve("run")))
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("./mvnw -B -ntp -pl devstack generate-resources");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    private static Set<Long> ownDescendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
