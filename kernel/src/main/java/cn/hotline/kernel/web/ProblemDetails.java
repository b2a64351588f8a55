package cn.hotline.kernel.web;

import cn.hotline.kernel.id.RequestId;
import cn.hotline.kernel.problem.ProblemCode;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with the platform's stable {@code code} and the request id. */
public final class ProblemDetails {

    private ProblemDetails() {}

    public static ProblemDetail of(
            ProblemCode code, String detail, @Nullable URI instance, @Nullable RequestId requestId) {
        return of(code, detail, instance, requestId, Map.of());
    }

    public static ProblemDetail of(
            ProblemCode code,
            String detail,
            @Nullable URI instance,
            @Nullable RequestId requestId,
            Map<String, ?> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(code.type());
        problem.setTitle(code.title());
        if (instance != null) {
            problem.setInstance(instance);
        }
        problem.setProperty("code", code.name());
        if (requestId != null) {
            problem.setProperty("requestId", requestId.value());
        }
        properties.forEach(problem::setProperty);
        return problem;
    }
}
