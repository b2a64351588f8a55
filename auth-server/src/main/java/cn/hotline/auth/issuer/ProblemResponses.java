package cn.hotline.auth.issuer;

import cn.hotline.kernel.problem.ProblemCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Problem details written by servlet filters, before any controller (and its advice) is reached. */
final class ProblemResponses {

    private ProblemResponses() {}

    /** A plain page for browsers, in Chinese and English; the texts are fixed texts of ours. */
    static void writePage(HttpServletResponse response, int status, String chinese, String english) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'none'");
        response.getWriter()
                .write("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + status
                        + "</title></head><body><p>" + chinese + "</p><p lang=\"en\">" + english
                        + "</p></body></html>");
    }

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
