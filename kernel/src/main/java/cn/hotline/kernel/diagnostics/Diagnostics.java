package cn.hotline.kernel.diagnostics;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs every check of a service in parallel, each within a time limit. */
public final class Diagnostics {

    private final String service;
    private final List<DiagnosticCheck> checks;
    private final Duration timeout;

    public Diagnostics(String service, List<DiagnosticCheck> checks, Duration timeout) {
        this.service = service;
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
    }

    /** The report; fails with {@code DEPENDENCY_DOWN} carrying the report when any check is down. */
    public Mono<Report> run() {
        return Flux.fromIterable(checks)
                .flatMap(this::timed)
                .sort(Comparator.comparing(DiagnosticResult::name))
                .collectList()
                .flatMap(results -> {
                    Report report = Report.of(service, results);
                    return report.up()
                            ? Mono.just(report)
                            : Mono.error(new ProblemException(
                                    ProblemCode.DEPENDENCY_DOWN,
                                    service + " cannot reach: " + report.downNames(),
                                    Map.of("checks", results)));
                });
    }

    private Mono<DiagnosticResult> timed(DiagnosticCheck check) {
        long start = System.nanoTime();
        return Mono.defer(check::run)
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(DiagnosticResult.down(
                        check.name(), error.getClass().getSimpleName() + ": " + error.getMessage())))
                .map(result ->
                        result.took(Duration.ofNanos(System.nanoTime() - start).toMillis()));
    }

    /** What the endpoint answers. */
    public record Report(String service, DiagnosticResult.Status status, List<DiagnosticResult> checks) {
        static Report of(String service, List<DiagnosticResult> checks) {
            boolean up = checks.stream().allMatch(c -> c.status() == DiagnosticResult.Status.UP);
            return new Report(service, up ? DiagnosticResult.Status.UP : DiagnosticResult.Status.DOWN, checks);
        }

        public boolean up() {
            return status == DiagnosticResult.Status.UP;
        }

        String downNames() {
            return checks.stream()
                    .filter(c -> c.status() == DiagnosticResult.Status.DOWN)
                    .map(DiagnosticResult::name)
                    .toList()
                    .toString();
        }
    }
}
