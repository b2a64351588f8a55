package cn.hotline.media.port;

/** Audio codecs spoken towards carriers (G.711 both laws) and browsers (Opus besides). */
public enum Codec {
    PCMA(8),
    PCMU(0),
    OPUS(-1);

    private final int staticPayloadType;

    Codec(int staticPayloadType) {
        this.staticPayloadType = staticPayloadType;
    }

    /** The RTP static payload type, or -1 for a dynamic one. */
    public int staticPayloadType() {
        return staticPayloadType;
    }
}
