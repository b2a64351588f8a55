package cn.hotline.workforce.quality.auto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the stereo recording says about a call, computed by energy-based voice activity per channel (caller left,
 * agent right, as media's archive writes it: 16-bit PCM WAV, 8 kHz).
 *
 * <p>The recording is cut into 20 ms frames. A frame is speech on a channel when its RMS level is at least
 * {@code speechDbfs} (default −40 dBFS; G.711 line noise sits well below −50 dBFS, speech around −30 to −10).
 * Mutual silence is a frame with speech on neither channel; talk-over a frame with speech on both. A mutual silence of
 * at least {@code holdSeconds} (default 10 s) counts as hold: a hotline agent does not stay silent that long while the
 * caller is silent too unless the caller is on hold (the recording does not carry the music on hold).
 *
 * @param durationSeconds length of the recording
 * @param callerSpeechSeconds frames with speech on the caller's channel
 * @param agentSpeechSeconds frames with speech on the agent's channel
 * @param silenceSeconds frames with speech on neither
 * @param silenceShare silence / duration
 * @param talkOverSeconds frames with speech on both
 * @param agentTalkRatio agent speech / (agent + caller speech); 0 with no speech at all
 * @param longestSilenceSeconds the longest run of mutual silence
 * @param holdSeconds mutual silences of at least the hold threshold, added up
 */
public record RecordingSignals(
        double durationSeconds,
        double callerSpeechSeconds,
        double agentSpeechSeconds,
        double silenceSeconds,
        double silenceShare,
        double talkOverSeconds,
        double agentTalkRatio,
        double longestSilenceSeconds,
        double holdSeconds) {

    /** Frame length in milliseconds. */
    public static final int FRAME_MS = 20;

    /** Thresholds of the voice activity (see the class comment). */
    public record Thresholds(double speechDbfs, double holdSeconds) {
        public static final Thresholds DEFAULT = new Thresholds(-40, 10);

        public Thresholds {
            if (!(speechDbfs < 0) || !(holdSeconds > 0)) {
                throw new IllegalArgumentException("the speech level must be below 0 dBFS and the hold time positive");
            }
        }
    }

    /** Reads a WAV file's bytes; it must be 16-bit PCM with two channels (any sample rate). */
    public static RecordingSignals of(byte[] wav, Thresholds thresholds) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int format = 0;
        int dataStart = -1;
        int dataLength = 0;
        while (pos + 8 <= wav.length) {
            int id = in.getInt(pos);
            int size = in.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = in.getShort(body) & 0xffff;
                channels = in.getShort(body + 2) & 0xffff;
                rate = in.getInt(body + 4);
                bits = in.getShort(body + 14) & 0xffff;
            } else if (id == 0x61746164) { // "data"
                dataStart = body;
                dataLength = Math.min(size < 0 ? Integer.MAX_VALUE : size, wav.length - body);
                break;
            }
            pos = body + size + (size & 1);
        }
        if (format != 1 || channels != 2 || bits != 16 || rate <= 0 || dataStart < 0) {
            throw new IllegalArgumentException(
                    "the recording must be 16-bit PCM stereo (caller left, agent right), not " + "format " + format
                            + ", " + channels + " channel(s), " + bits + " bits");
        }
        return analyse(in, dataStart, dataLength / 4, rate, thresholds);
    }

    private static RecordingSignals analyse(
            ByteBuffer in, int start, int sampleFrames, int rate, Thresholds thresholds) {
        int perFrame = rate * FRAME_MS / 1000;
        int frames = sampleFrames / perFrame;
        double threshold = 32768 * Math.pow(10, thresholds.speechDbfs() / 20);
        double minSquare = threshold * threshold;
        int caller = 0;
        int agent = 0;
        int silent = 0;
        int both = 0;
        int run = 0;
        int longest = 0;
        int hold = 0;
        int holdFrames = (int) Math.ceil(thresholds.holdSeconds() * 1000 / FRAME_MS);
        for (int f = 0; f < frames; f++) {
            double left = 0;
            double right = 0;
            int offset = start + f * perFrame * 4;
            for (int i = 0; i < perFrame; i++) {
                double l = in.getShort(offset + i * 4);
                double r = in.getShort(offset + i * 4 + 2);
                left += l * l;
                right += r * r;
            }
            boolean callerSpeaks = left / perFrame >= minSquare;
            boolean agentSpeaks = right / perFrame >= minSquare;
            if (callerSpeaks) {
                caller++;
            }
            if (agentSpeaks) {
                agent++;
            }
            if (callerSpeaks && agentSpeaks) {
                both++;
            }
            if (!callerSpeaks && !agentSpeaks) {
                silent++;
                run++;
            } else {
                if (run >= holdFrames) {
                    hold += run;
                }
                longest = Math.max(longest, run);
                run = 0;
            }
        }
        if (run >= holdFrames) {
            hold += run;
        }
        longest = Math.max(longest, run);
        double s = FRAME_MS / 1000.0;
        double duration = (double) sampleFrames / rate;
        return new RecordingSignals(
                duration,
                caller * s,
                agent * s,
                silent * s,
                frames == 0 ? 0 : (double) silent / frames,
                both * s,
                caller + agent == 0 ? 0 : (double) agent / (caller + agent),
                longest * s,
                hold * s);
    }
}
