package cn.hotline.kernel.diagnostics;

import java.util.Map;

/** The outcome of one {@link DiagnosticCheck}. */
public record DiagnosticResult(String name, Status status, String detail, long millis, Map<String, Object> facts) {

    public enum Status {
        UP,
        DOWN
    }

    public DiagnosticResult {
        facts = Map.copyOf(facts);
    }

    public static DiagnosticResult up(String name, String detail, Map<String, Object> facts) {
        return new DiagnosticResult(name, Status.UP, detail, 0, facts);
    }

    public static DiagnosticResult down(String name, String detail) {
        return new DiagnosticResult(name, Status.DOWN, detail, 0, Map.of());
    }

    DiagnosticResult took(long elapsedMillis) {
        return new DiagnosticResult(name, status, detail, elapsedMillis, facts);
    }
}
