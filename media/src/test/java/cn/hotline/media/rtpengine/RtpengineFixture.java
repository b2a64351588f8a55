package cn.hotline.media.rtpengine;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import java.nio.file.Path;
import java.time.Clock;

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
}
