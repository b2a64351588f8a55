package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Turns invalid input into a {@code 400 VALIDATION_FAILED} problem and missing rows into {@code 404 NOT_FOUND}. */
public final class Requests {

    private Requests() {}

    /** Builds a value whose constructor validates; an {@link IllegalArgumentException} becomes a 400 problem. */
    public static <T> Mono<T> valid(Supplier<T> build) {
        try {
            return Mono.just(build.get());
        } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, e.getMessage() == null ? "invalid input" : e.getMessage()));
        }
    }

    /** The 400 problem for an invalid value. */
    public static ProblemException invalid(Throwable e) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED, e.getMessage() == null ? "invalid input" : e.getMessage());
    }

    public static <T> Mono<T> notFound(String what) {
        return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such " + what + "."));
    }

    /** Parses an id from a path; a malformed one is answered like a missing one. */
    public static Mono<UUID> id(String text, String what) {
        try {
            return Mono.just(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return notFound(what);
        }
    }
}
