package cn.hotline.call.session;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.MediaServerException;

/** The media server's refusals as problem details a supervisor (or the console) can act on. */
final class MediaProblems {

    private MediaProblems() {}

    static Throwable toProblem(Throwable error) {
        if (!(error instanceof MediaServerException media)) {
            return error;
        }
        return switch (media.reason()) {
            case UNSUPPORTED ->
                new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION, "The media server cannot do this: " + media.getMessage());
            case UNKNOWN_LEG ->
                new ProblemException(
                        ProblemCode.NOT_FOUND, "The media server does not know this leg: " + media.getMessage());
            case UNACCEPTABLE_SDP -> new ProblemException(ProblemCode.VALIDATION_FAILED, media.getMessage());
            case UNREACHABLE ->
                new ProblemException(
                        ProblemCode.DEPENDENCY_DOWN, "The media server does not answer: " + media.getMessage());
        };
    }
}
