package cn.hotline.kernel.diagnostics;

import reactor.core.publisher.Mono;

/**
 * One live check of a real dependency: it does real work (a query, a publish and consume, a put and
 * presigned get) rather than asking whether a socket is open. Beans of this type are collected by
 * the service's {@code GET /diagnostics} endpoint.
 */
public interface DiagnosticCheck {

    /** Short name shown in the report, e.g. {@code postgresql}. */
    String name();

    /** Runs the check; a failure is reported as an error signal or a {@code DOWN} result. */
    Mono<DiagnosticResult> run();
}
