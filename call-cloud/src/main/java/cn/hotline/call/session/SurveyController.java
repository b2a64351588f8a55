package cn.hotline.call.session;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET / PUT /tenants/{t}/survey/settings}: the tenant's post-call survey. Admins change it, supervisors read it.
 * Bad values → 400 {@code VALIDATION_FAILED} with {@code errors: [{field, message}]}, nothing saved.
 */
@RestController
class SurveyController {

    /** {@code scores}: key → score 1-5, e.g. {@code {"1": 1, … "5": 5}} (the default) or {@code {"9": 5, "1": 1}}. */
    record Body(
            @Nullable Boolean enabled,
            @Nullable String prompt,
            @Nullable Integer timeoutSeconds,
            @Nullable Map<String, Integer> scores) {}

    private final Survey survey;

    SurveyController(Survey survey) {
        this.survey = survey;
    }

    @GetMapping("/tenants/{tenant}/survey/settings")
    Mono<Body> get(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(survey::settings)
                .map(SurveyController::body);
    }

    @PutMapping("/tenants/{tenant}/survey/settings")
    Mono<Body> put(@PathVariable String tenant, @RequestBody Body body) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(Callers.current())
                .flatMap(both -> survey.save(
                        both.getT1(), settings(body), "user:" + both.getT2().subject()))
                .map(SurveyController::body);
    }

    private static Survey.Settings settings(Body body) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (body.enabled() == null) {
            errors.add(error("enabled", "required, true or false"));
        }
        PromptName prompt = null;
        if (body.prompt() != null && !body.prompt().isBlank()) {
            try {
                prompt = PromptName.of(body.prompt());
            } catch (IllegalArgumentException e) {
                errors.add(error("prompt", "a prompt name of the tenant's library"));
            }
        }
        int timeout = body.timeoutSeconds() == null ? 15 : body.timeoutSeconds();
        if (timeout < 5 || timeout > 120) {
            errors.add(error("timeoutSeconds", "5-120"));
        }
        Map<Character, Integer> scores = new LinkedHashMap<>();
        if (body.scores() == null) {
            scores.putAll(Survey.DEFAULT_SCORES);
        } else {
            body.scores().forEach((key, score) -> {
                if (key.length() != 1 || "0123456789*#".indexOf(key.charAt(0)) < 0) {
                    errors.add(error("scores." + key, "a key is one of 0-9, *, #"));
                } else if (score == null || score < 1 || score > 5) {
                    errors.add(error("scores." + key, "a score is 1-5"));
                } else {
                    scores.put(key.charAt(0), score);
                }
            });
            if (body.scores().isEmpty() || body.scores().size() > 12) {
                errors.add(error("scores", "1-12 keys"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "The survey settings are not valid.", Map.of("errors", errors));
        }
        return new Survey.Settings(body.enabled(), prompt, Duration.ofSeconds(timeout), scores);
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static Body body(Survey.Settings settings) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        settings.scores().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> scores.put(String.valueOf(entry.getKey()), entry.getValue()));
        return new Body(
                settings.enabled(),
                settings.prompt() == null ? null : settings.prompt().value(),
                (int) settings.timeout().toSeconds(),
                scores);
    }
}
