package cn.hotline.auth.issuer;

import cn.hotline.kernel.problem.ProblemCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Problem details written by servlet filters, before any controller (and its advice) is reached. */
final class ProblemResponses {

    private ProblemResponses() {}

    /** {@code detail} must be a fixed text of ours: it is written without JSON escaping beyond quotes. */
    static void write(HttpServletResponse response, ProblemCode code, String detail) throws IOException {
        response.setStatus(code.status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":"
                        + code.status() + ",\"code\":\"" + code.name() + "\",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
