package cn.hotline.kernel.id;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Correlates one request across the gateway, services and logs. Taken from the {@code X-Request-Id}
 * header when a caller sends a well-formed one, generated otherwise.
 */
public record RequestId(String value) {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    public RequestId {
        Ids.require("request id", value, SAFE, "8-64 characters A-Z, a-z, 0-9, '.', '_', ':' or '-'");
    }

    public static RequestId generate() {
        return new RequestId(Uuids.v7().toString());
    }

    /** The caller's id when it is safe to log and echo, a fresh one otherwise. */
    public static RequestId fromHeaderOrGenerate(@Nullable String header) {
        return header != null && SAFE.matcher(header).matches() ? new RequestId(header) : generate();
    }

    @Override
    public String toString() {
        return value;
    }
}
