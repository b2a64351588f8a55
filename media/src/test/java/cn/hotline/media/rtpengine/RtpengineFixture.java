package cn.hotline.media.rtpengine;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.media.janus.AudioBridge;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.web.reactive.function.client.WebClient;

/** An rtpengine adapter on the test stack's rtpengine. */
final class RtpengineFixture {

    private RtpengineFixture() {}

    static RtpengineMediaServer connect(Path spool) {
        StackEndpoints stack = TestStack.endpoints();
        return RtpengineMediaServer.connect(
                RtpengineProperties.of(
                        stack.rtpengineNgUrl(),
                        stack.rtpengineNgTcpUrl(),
                        Path.of(stack.rtpengineRecordingDir()),
                        spool),
                Clock.systemUTC());
    }

    /** The adapter with the test stack's Janus AudioBridge as its mixer. */
    static RtpengineMediaServer connectWithMixer(Path spool) {
        StackEndpoints stack = TestStack.endpoints();
        return RtpengineMediaServer.connect(
                RtpengineProperties.of(
                        stack.rtpengineNgUrl(),
                        stack.rtpengineNgTcpUrl(),
                        Path.of(stack.rtpengineRecordingDir()),
                        spool),
                Clock.systemUTC(),
                new AudioBridge(WebClient.create(), stack.janusUrl()));
    }
}
