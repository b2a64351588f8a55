package cn.hotline.media.rtpengine;

import cn.hotline.kernel.id.CallId;
import cn.hotline.media.contract.MediaServerContract;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The rtpengine adapter (with Janus AudioBridge as its mixer) passes the media-server contract on the test stack. */
class RtpengineContractIT extends MediaServerContract {

    private RtpengineMediaServer media;

    @BeforeEach
    void connect() {
        media = RtpengineFixture.connectWithMixer(dir.resolve("spool"));
    }

    @AfterEach
    void close() {
        media.close();
    }

    @Override
    protected MediaServer media() {
        return media;
    }

    @Override
    protected LegId unknownLeg(CallId call) {
        return RtpengineMediaServer.legId(call, "trunk-0");
    }
}
