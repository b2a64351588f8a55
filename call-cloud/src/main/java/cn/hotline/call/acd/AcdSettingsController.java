package cn.hotline.call.acd;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET / PUT /tenants/{t}/acd/settings}: how the tenant's ACD rings, wraps up, limits queues and overflows
 * between skill groups, and whether (and how often) its waiting callers hear their position and estimated wait
 * ({@code announcePosition}, {@code announceEverySeconds} 15-600; both or neither), and the wait limit in the queue
 * ({@code queueLimit: {afterSeconds 30-3600, action VOICEMAIL | CALLBACK | CHOICE}}, null or absent for none). Admins change them (supervisors read); a change applies at once to the tenant's writer
 * wherever it runs. Bad values → 400 {@code VALIDATION_FAILED} with {@code errors: [{field, message}]}, nothing saved.
 */
@RestController
class AcdSettingsController {

    /** The settings as the API shows and takes them. */
    record Body(
            @Nullable Integer ringTimeoutSeconds,
            @Nullable Integer afterCallWorkSeconds,
            @Nullable Integer maxQueueLength,
            @Nullable List<Rule> overflow,
            @Nullable Boolean announcePosition,
            @Nullable Integer announceEverySeconds,
            @Nullable Limit queueLimit) {}

    /** After {@code afterSeconds} (30-3600) of waiting, a caller gets {@code action}: VOICEMAIL, CALLBACK or CHOICE. */
    record Limit(@Nullable Integer afterSeconds, @Nullable String action) {}

    /** Calls of {@code from} waiting {@code afterSeconds} may also go to agents of {@code to}. */
    record Rule(@Nullable String from, @Nullable String to, @Nullable Integer afterSeconds) {}

    private final AcdManagement acd;

    AcdSettingsController(AcdManagement acd) {
        this.acd = acd;
    }

    @GetMapping("/tenants/{tenant}/acd/settings")
    Mono<Body> get(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(id -> Mono.zip(acd.settings(id), acd.queueAnnouncements(id), acd.queueLimit(id)))
                .map(all -> body(all.getT1(), all.getT2(), all.getT3()));
    }

    @PutMapping("/tenants/{tenant}/acd/settings")
    Mono<Body> put(@PathVariable String tenant, @RequestBody Body body) {
        List<Map<String, String>> errors = new ArrayList<>();
        AcdSettings settings = settings(body, errors);
        Optional<QueueAnnouncements> announcements = announcements(body, errors);
        Optional<QueueLimit> limit = limit(body.queueLimit(), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "The ACD settings are not valid.", Map.of("errors", errors));
        }
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(Callers.current())
                .flatMap(both -> acd.configure(
                                both.getT1(), settings, "user:" + both.getT2().subject())
                        .flatMap(saved -> acd.configureAnnouncements(
                                        both.getT1(),
                                        announcements,
                                        "user:" + both.getT2().subject())
                                .then(acd.configureQueueLimit(
                                        both.getT1(),
                                        limit,
                                        "user:" + both.getT2().subject()))
                                .thenReturn(body(saved, announcements, limit))));
    }

    /**
     * Both announcement fields or neither: neither means the platform interval ({@code
     * cc.call.session.announce-every}); {@code announcePosition} false means music only.
     */
    private static Optional<QueueAnnouncements> announcements(Body body, List<Map<String, String>> errors) {
        if (body.announcePosition() == null && body.announceEverySeconds() == null) {
            return Optional.empty();
        }
        if (body.announcePosition() == null) {
            errors.add(error("announcePosition", "required with announceEverySeconds (true or false)"));
        }
        int every = within(
                errors,
                "announceEverySeconds",
                body.announceEverySeconds(),
                QueueAnnouncements.MIN_SECONDS,
                QueueAnnouncements.MAX_SECONDS);
        if (body.announcePosition() == null || every < 0) {
            return Optional.empty();
        }
        return Optional.of(new QueueAnnouncements(body.announcePosition(), Duration.ofSeconds(every)));
    }

    private static Optional<QueueLimit> limit(@Nullable Limit limit, List<Map<String, String>> errors) {
        if (limit == null) {
            return Optional.empty();
        }
        int after = within(
                errors,
                "queueLimit.afterSeconds",
                limit.afterSeconds(),
                QueueLimit.MIN_SECONDS,
                QueueLimit.MAX_SECONDS);
        QueueLimit.@Nullable Action action = null;
        try {
            action = QueueLimit.Action.valueOf(limit.action() == null ? "" : limit.action());
        } catch (IllegalArgumentException e) {
            errors.add(error("queueLimit.action", "required, VOICEMAIL, CALLBACK or CHOICE"));
        }
        if (after < 0 || action == null) {
            return Optional.empty();
        }
        return Optional.of(new QueueLimit(Duration.ofSeconds(after), action));
    }

    private static AcdSettings settings(Body body, List<Map<String, String>> errors) {
        int ring = within(errors, "ringTimeoutSeconds", body.ringTimeoutSeconds(), 5, 120);
        int wrapUp = within(errors, "afterCallWorkSeconds", body.afterCallWorkSeconds(), 0, 600);
        int max = within(errors, "maxQueueLength", body.maxQueueLength(), 1, 5000);
        Map<SkillId, List<AcdSettings.Overflow>> overflow = new LinkedHashMap<>();
        List<Rule> rules = body.overflow() == null ? List.of() : body.overflow();
        if (rules.size() > 100) {
            errors.add(error("overflow", "at most 100 rules"));
        }
        for (int i = 0; i < rules.size() && i < 100; i++) {
            Rule rule = rules.get(i);
            String at = "overflow[" + i + "]";
            SkillId from = group(errors, at + ".from", rule.from());
            SkillId to = group(errors, at + ".to", rule.to());
            int after = within(errors, at + ".afterSeconds", rule.afterSeconds(), 0, 3600);
            if (from != null && from.equals(to)) {
                errors.add(error(at + ".to", "a group cannot overflow to itself"));
            } else if (from != null && to != null && after >= 0) {
                overflow.computeIfAbsent(from, g -> new ArrayList<>())
                        .add(new AcdSettings.Overflow(to, Duration.ofSeconds(after)));
            }
        }
        if (!errors.isEmpty()) {
            return AcdSettings.defaults(); // not saved: the caller reports the errors
        }
        overflow.values().forEach(list -> list.sort(java.util.Comparator.comparing(AcdSettings.Overflow::after)));
        return new AcdSettings(Duration.ofSeconds(ring), Duration.ofSeconds(wrapUp), max, overflow);
    }

    private static int within(
            List<Map<String, String>> errors, String field, @Nullable Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            errors.add(error(field, "required, " + min + "-" + max));
            return -1;
        }
        return value;
    }

    private static @Nullable SkillId group(List<Map<String, String>> errors, String field, @Nullable String value) {
        try {
            return SkillId.of(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            errors.add(error(field, "a skill-group code (lower-case letters, digits, - and _)"));
            return null;
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static Body body(
            AcdSettings settings, Optional<QueueAnnouncements> announcements, Optional<QueueLimit> limit) {
        List<Rule> rules = new ArrayList<>();
        settings.overflow().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> entry.getValue()
                        .forEach(rule -> rules.add(
                                new Rule(entry.getKey().value(), rule.to().value(), (int)
                                        rule.after().toSeconds()))));
        return new Body(
                (int) settings.ringTimeout().toSeconds(),
                (int) settings.afterCallWork().toSeconds(),
                settings.maxQueueLength(),
                rules,
                announcements.map(QueueAnnouncements::announcePosition).orElse(null),
                announcements.map(a -> (int) a.every().toSeconds()).orElse(null),
                limit.map(l -> new Limit((int) l.after().toSeconds(), l.action().name()))
                        .orElse(null));
    }
}
