package cn.hotline.media.port;

/** How a call is recorded. */
public enum RecordingLayout {
    /** One 8 kHz stereo WAV: caller left, agent right (what QA and speech recognition expect). */
    STEREO_CALLER_LEFT_AGENT_RIGHT,
    /** One mono file per party. */
    PER_PARTY
}
