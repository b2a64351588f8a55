package cn.hotline.kernel.problem;

import java.util.Map;

/**
 * An expected failure that a caller can act on. Rendered once, at the service edge, as an RFC 9457
 * problem detail carrying {@link ProblemCode#name()} as {@code code}, plus {@code properties}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final Map<String, Object> properties;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, Map.of());
    }

    public ProblemException(ProblemCode code, String detail, Map<String, Object> properties) {
        super(detail);
        if (code == null || detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a problem needs a code and a detail a person can act on");
        }
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public ProblemCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
