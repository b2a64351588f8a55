package cn.hotline.media.port;

/** One party's media leg inside a call, as the adapter names it. */
public record LegId(String value) {

    public LegId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("LegId needs a value");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
