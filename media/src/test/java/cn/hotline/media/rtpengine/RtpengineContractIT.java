package cn.hotline.media.rtpengine;

import cn.hotline.kernel.id.CallId;
import cn.hotline.media.contract.MediaServerContract;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The rtpengine adapter passes the media-server contract against the test stack's rtpengine. */
class RtpengineContractIT extends MediaServerContract {

    private RtpengineMediaServer media;

    @BeforeEach
    void connect() {
        media = RtpengineFixture.connect(dir.resolve("spool"));
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
