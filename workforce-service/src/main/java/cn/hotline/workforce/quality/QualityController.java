package cn.hotline.workforce.quality;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /tenants/{t}/quality/**}: quality inspection over HTTP (see the module README for the contract). */
@RestController
final class QualityController {

    private final QualityInspection quality;
    private final QualityTransactions tx;

    QualityController(QualityInspection quality, QualityTransactions tx) {
        this.quality = quality;
        this.tx = tx;
    }

    record NewTemplate(@Nullable String code, @Nullable String name, @Nullable List<TemplateItem> items) {}

    record SamplingRequest(
            @Nullable String period,
            @Nullable UUID templateId,
            @Nullable List<String> inspectors,
            @Nullable String seed) {}

    record ScoreRequest(
            @Nullable Map<String, Integer> points, @Nullable Set<String> fatalViolations, @Nullable String comment) {}

    record AppealRequest(@Nullable String reason) {}

    record DecisionRequest(
            @Nullable Boolean upheld,
            @Nullable Map<String, Integer> points,
            @Nullable Set<String> fatalViolations,
            @Nullable String note) {}

    record MoveRequest(@Nullable List<UUID> tasks, @Nullable String to) {}

    record Moved(int moved) {}

    record CalibrationRequest(@Nullable UUID call, @Nullable UUID templateId, @Nullable List<String> inspectors) {}

    record Satisfaction(@Nullable Boolean dissatisfied) {}

    @PostMapping("/tenants/{tenant}/quality/templates")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ScoreTemplate> addTemplate(@PathVariable String tenant, @RequestBody NewTemplate body) {
        return QualityAccess.staff(tenant).flatMap(caller -> valid(() -> {
                    // validates code, name and items before anything is stored
                    new ScoreTemplate(new UUID(0, 1), body.code(), 1, body.name(), body.items());
                    return body;
                })
                .flatMap(b -> tx.run(
                        caller.tenantContext(),
                        quality.addTemplate(
                                required(b.code()), required(b.name()), required(b.items()), caller.subject()))));
    }

    @GetMapping("/tenants/{tenant}/quality/templates")
    Flux<ScoreTemplate> templates(@PathVariable String tenant) {
        return QualityAccess.anyone(tenant).flatMapMany(caller -> tx.run(caller.tenantContext(), quality.templates()));
    }

    @GetMapping("/tenants/{tenant}/quality/calls")
    Flux<QualityInspection.QaCall> calls(@PathVariable String tenant, @RequestParam String period) {
        return QualityAccess.staff(tenant)
                .flatMapMany(caller -> tx.run(caller.tenantContext(), Flux.defer(() -> quality.calls(period))));
    }

    @PutMapping("/tenants/{tenant}/quality/calls/{call}/satisfaction")
    Mono<QualityInspection.QaCall> satisfaction(
            @PathVariable String tenant, @PathVariable UUID call, @RequestBody Satisfaction body) {
        return QualityAccess.staff(tenant)
                .flatMap(caller -> body.dissatisfied() == null
                        ? Mono.error(invalid("dissatisfied (true or false) is required", "dissatisfied"))
                        : tx.run(caller.tenantContext(), quality.satisfaction(call, body.dissatisfied())));
    }

    @PostMapping("/tenants/{tenant}/quality/sampling-runs")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<QualityInspection.SamplingRun> sample(@PathVariable String tenant, @RequestBody SamplingRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> {
            if (body.period() == null) {
                return Mono.error(invalid("period (yyyy-MM) is required", "period"));
            }
            if (body.templateId() == null) {
                return Mono.error(invalid("templateId is required", "templateId"));
            }
            if (body.inspectors() == null || body.inspectors().isEmpty()) {
                return Mono.error(invalid("name at least one inspector", "inspectors"));
            }
            if (body.seed() == null) {
                return Mono.error(
                        invalid("a seed of at least 8 characters is required (it makes the sample auditable)", "seed"));
            }
            return tx.run(
                    caller.tenantContext(),
                    Mono.defer(() -> quality.sample(
                            body.period(), body.templateId(), body.inspectors(), body.seed(), caller.subject())));
        });
    }

    /** The audit of a sampling run: the sample recomputed from its seed against the stored tasks. */
    @GetMapping("/tenants/{tenant}/quality/sampling-runs/{period}/verification")
    Flux<QualityInspection.SampleCheck> verify(
            @PathVariable String tenant, @PathVariable String period, @RequestParam String seed) {
        return QualityAccess.staff(tenant)
                .flatMapMany(
                        caller -> tx.run(caller.tenantContext(), Flux.defer(() -> quality.verifySample(period, seed))));
    }

    @GetMapping("/tenants/{tenant}/quality/tasks")
    Flux<QualityInspection.Task> tasks(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String inspector,
            @RequestParam(required = false) @Nullable String agent,
            @RequestParam(required = false) @Nullable String status) {
        return QualityAccess.anyone(tenant).flatMapMany(caller -> {
            // an agent sees only their own tasks, whatever the query says
            String who = QualityAccess.isStaff(caller) ? agent : caller.subject();
            return tx.run(
                    caller.tenantContext(),
                    quality.tasks(new QualityInspection.TaskFilter(period, inspector, who, status)));
        });
    }

    @GetMapping("/tenants/{tenant}/quality/tasks/{id}")
    Mono<QualityInspection.Task> task(@PathVariable String tenant, @PathVariable UUID id) {
        return QualityAccess.anyone(tenant).flatMap(caller -> tx.run(caller.tenantContext(), quality.task(id))
                .filter(task -> QualityAccess.isStaff(caller) || task.agent().equals(caller.subject()))
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No task " + id + "."))));
    }

    @PostMapping("/tenants/{tenant}/quality/tasks/{id}/score")
    Mono<QualityInspection.Task> score(
            @PathVariable String tenant, @PathVariable UUID id, @RequestBody ScoreRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> scoring(
                        body.points(), body.fatalViolations(), body.comment())
                .flatMap(scoring -> tx.run(caller.tenantContext(), quality.score(id, caller.subject(), scoring))));
    }

    @PostMapping("/tenants/{tenant}/quality/tasks/{id}/recheck")
    Mono<QualityInspection.Task> recheck(
            @PathVariable String tenant, @PathVariable UUID id, @RequestBody ScoreRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> scoring(
                        body.points(), body.fatalViolations(), body.comment())
                .flatMap(scoring -> tx.run(caller.tenantContext(), quality.recheck(id, caller.subject(), scoring))));
    }

    @PostMapping("/tenants/{tenant}/quality/tasks/{id}/appeal")
    Mono<QualityInspection.Task> appeal(
            @PathVariable String tenant, @PathVariable UUID id, @RequestBody AppealRequest body) {
        return QualityAccess.anyone(tenant).flatMap(caller -> {
            if (body.reason() == null
                    || body.reason().isBlank()
                    || body.reason().length() > 1000) {
                return Mono.error(invalid("an appeal needs a reason of 1-1000 characters", "reason"));
            }
            return tx.run(
                    caller.tenantContext(),
                    quality.appeal(id, caller.subject(), body.reason().strip()));
        });
    }

    @PostMapping("/tenants/{tenant}/quality/tasks/{id}/appeal-decision")
    Mono<QualityInspection.Task> decide(
            @PathVariable String tenant, @PathVariable UUID id, @RequestBody DecisionRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> {
            if (body.upheld() == null) {
                return Mono.error(invalid("upheld (true or false) is required", "upheld"));
            }
            if (body.note() == null || body.note().isBlank() || body.note().length() > 1000) {
                return Mono.error(invalid("a decision needs a note of 1-1000 characters", "note"));
            }
            Mono<QualityInspection.Scoring> scoring =
                    body.upheld() ? scoring(body.points(), body.fatalViolations(), null) : Mono.empty();
            return scoring.map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(s -> tx.run(
                            caller.tenantContext(),
                            quality.decide(
                                    id,
                                    caller.subject(),
                                    body.upheld(),
                                    s.orElse(null),
                                    body.note().strip())));
        });
    }

    @PostMapping("/tenants/{tenant}/quality/task-moves")
    Mono<Moved> move(@PathVariable String tenant, @RequestBody MoveRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> {
            if (body.tasks() == null || body.tasks().isEmpty() || body.tasks().size() > 1000) {
                return Mono.error(invalid("name 1-1000 tasks to move", "tasks"));
            }
            if (body.to() == null || body.to().isBlank()) {
                return Mono.error(invalid("name the inspector to move them to", "to"));
            }
            return tx.run(caller.tenantContext(), quality.move(body.tasks(), body.to(), caller.subject()))
                    .map(Moved::new);
        });
    }

    @PostMapping("/tenants/{tenant}/quality/calibrations")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<QualityInspection.Calibration> calibrate(@PathVariable String tenant, @RequestBody CalibrationRequest body) {
        return QualityAccess.staff(tenant).flatMap(caller -> {
            if (body.call() == null || body.templateId() == null || body.inspectors() == null) {
                return Mono.error(invalid("call, templateId and inspectors are required", "call"));
            }
            return tx.run(
                    caller.tenantContext(),
                    quality.calibrate(body.call(), body.templateId(), body.inspectors(), caller.subject()));
        });
    }

    @GetMapping("/tenants/{tenant}/quality/calibrations/{id}")
    Mono<QualityInspection.Calibration> calibration(@PathVariable String tenant, @PathVariable UUID id) {
        return QualityAccess.staff(tenant).flatMap(caller -> tx.run(caller.tenantContext(), quality.calibration(id)));
    }

    @GetMapping("/tenants/{tenant}/quality/reports/agents")
    Flux<QualityInspection.GroupReport> byAgent(@PathVariable String tenant, @RequestParam String period) {
        return QualityAccess.staff(tenant)
                .flatMapMany(caller -> tx.run(caller.tenantContext(), Flux.defer(() -> quality.byAgent(period))));
    }

    @GetMapping("/tenants/{tenant}/quality/reports/teams")
    Flux<QualityInspection.GroupReport> byTeam(@PathVariable String tenant, @RequestParam String period) {
        return QualityAccess.staff(tenant)
                .flatMapMany(caller -> tx.run(caller.tenantContext(), Flux.defer(() -> quality.byTeam(period))));
    }

    @GetMapping("/tenants/{tenant}/quality/reports/items")
    Flux<QualityInspection.ItemReport> byItem(
            @PathVariable String tenant, @RequestParam String period, @RequestParam UUID templateId) {
        return QualityAccess.staff(tenant)
                .flatMapMany(
                        caller -> tx.run(caller.tenantContext(), Flux.defer(() -> quality.byItem(period, templateId))));
    }

    private static Mono<QualityInspection.Scoring> scoring(
            @Nullable Map<String, Integer> points, @Nullable Set<String> violated, @Nullable String comment) {
        if (points == null) {
            return Mono.error(invalid("points (item code → points) are required", "points"));
        }
        if (comment != null && comment.length() > 2000) {
            return Mono.error(invalid("the comment is limited to 2000 characters", "comment"));
        }
        return Mono.just(
                new QualityInspection.Scoring(points, violated == null ? Set.of() : Set.copyOf(violated), comment));
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw invalid("a required field is missing", "body");
        }
        return value;
    }

    private static <T> Mono<T> valid(Supplier<T> check) {
        try {
            return Mono.just(check.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Mono.error(invalid(String.valueOf(e.getMessage()), "items"));
        }
    }

    static ProblemException invalid(String detail, String field) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, detail, Map.of("field", field));
    }
}
