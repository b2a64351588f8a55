package cn.hotline.media.port;

/** What a supervisor joining a call does. */
public enum MonitorMode {
    /** Hears caller and agent; nobody hears the supervisor. */
    LISTEN,
    /** Hears both; only the agent hears the supervisor. */
    WHISPER,
    /** A full third party: everyone hears everyone. */
    BARGE
}
