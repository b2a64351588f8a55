package cn.hotline.workforce.quality.auto;

import java.util.List;

/** What a speech recognizer heard, speaker by speaker (caller left channel, agent right). */
public record Transcript(List<Segment> segments) {

    public Transcript {
        if (segments == null) {
            throw new IllegalArgumentException("a transcript needs its segments (may be empty)");
        }
        segments = List.copyOf(segments);
    }

    public enum Speaker {
        CALLER,
        AGENT
    }

    public record Segment(Speaker speaker, long startMs, long endMs, String text) {
        public Segment {
            if (speaker == null || text == null) {
                throw new IllegalArgumentException("a segment needs a speaker and a text");
            }
            if (startMs < 0 || endMs < startMs) {
                throw new IllegalArgumentException("a segment's end must not be before its start");
            }
        }
    }

    public List<Segment> agent() {
        return segments.stream().filter(s -> s.speaker() == Speaker.AGENT).toList();
    }
}
