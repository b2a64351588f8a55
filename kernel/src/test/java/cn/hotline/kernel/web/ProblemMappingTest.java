package cn.hotline.kernel.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.RequestId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

class ProblemMappingTest {

    private static final URI PATH = URI.create("/queues/q1");
    private static final RequestId ID = new RequestId("req-12345678");

    @Test
    void expectedProblemKeepsItsCodeDetailAndProperties() {
        ProblemDetail problem = ProblemDetailsExceptionHandler.toProblem(
                new ProblemException(ProblemCode.TENANT_QUOTA_EXCEEDED, "14 of 14 seats in use.", Map.of("limit", 14)),
                PATH,
                ID);

        assertThat(problem.getStatus()).isEqualTo(429);
        assertThat(problem.getType()).hasToString("/problems/tenant-quota-exceeded");
        assertThat(problem.getDetail()).isEqualTo("14 of 14 seats in use.");
        assertThat(problem.getInstance()).isEqualTo(PATH);
        assertThat(problem.getProperties())
                .containsEntry("code", "TENANT_QUOTA_EXCEEDED")
                .containsEntry("requestId", "req-12345678")
                .containsEntry("limit", 14);
    }

    @Test
    void unexpectedErrorLeaksNothingInternal() {
        ProblemDetail problem = ProblemDetailsExceptionHandler.toProblem(
                new IllegalStateException("password=secret at db-7"), PATH, ID);

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR");
        assertThat(problem.getDetail()).doesNotContain("secret").contains("req-12345678");
    }

    @Test
    void frameworkStatusesGetStableCodes() {
        assertThat(ProblemDetailsExceptionHandler.toProblem(new ResponseStatusException(HttpStatus.NOT_FOUND), PATH, ID)
                        .getProperties())
                .containsEntry("code", "NOT_FOUND");
        assertThat(ProblemDetailsExceptionHandler.toProblem(new ServerWebInputException("bad json"), PATH, ID)
                        .getProperties())
                .containsEntry("code", "MALFORMED_REQUEST");
        assertThat(ProblemDetailsExceptionHandler.toProblem(
                                new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED), PATH, null)
                        .getStatus())
                .isEqualTo(405);
    }

    @Test
    void everyCodeHasAKebabCaseTypeAndAnHttpErrorStatus() {
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(code.type().toString()).matches("/problems/[a-z]+(-[a-z0-9]+)*");
            assertThat(code.status()).isBetween(400, 599);
        }
    }
}
