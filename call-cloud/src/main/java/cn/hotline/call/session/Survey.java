package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.prompt.SystemPrompt;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.port.Prompt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The post-call satisfaction survey (R-CALL "post-call satisfaction survey (DTMF)"): when the agent hangs up first and
 * the tenant has the survey on, the caller stays on the line, hears the survey prompt and presses a key; the key's
 * score goes into the tenant's decision history as {@code SurveyAnswered} (so onto the call record and the call-event
 * topic). Settings per tenant in {@code survey_settings} (V61, forced RLS); off until the tenant turns it on.
 */
public final class Survey {

    /** Keys 1-5 give scores 1-5 unless the tenant maps its keys otherwise. */
    public static final Map<Character, Integer> DEFAULT_SCORES = Map.of('1', 1, '2', 2, '3', 3, '4', 4, '5', 5);

    /**
     * A tenant's survey: on or off, its prompt (null: the platform's {@link SystemPrompt#SURVEY}), how long the caller
     * may take from the start of the prompt, and the score of each key.
     */
    public record Settings(
            boolean enabled, @Nullable PromptName prompt, Duration timeout, Map<Character, Integer> scores) {
        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofSeconds(5)) < 0 || timeout.compareTo(Duration.ofSeconds(120)) > 0) {
                throw new IllegalArgumentException("the survey's timeout is 5-120 seconds");
            }
            scores = Map.copyOf(scores);
            if (scores.isEmpty() || scores.size() > 12) {
                throw new IllegalArgumentException("the survey needs 1-12 keys with a score");
            }
            scores.forEach((key, score) -> {
                if ("0123456789*#".indexOf(key) < 0) {
                    throw new IllegalArgumentException("survey key '" + key + "' is not one of 0-9, *, #");
                }
                if (score < 1 || score > 5) {
                    throw new IllegalArgumentException("the score of key '" + key + "' must be 1-5");
                }
            });
        }

        public static Settings off() {
            return new Settings(false, null, Duration.ofSeconds(15), DEFAULT_SCORES);
        }

        /** The score a key press gives; empty for a key that means nothing here. */
        public Optional<Integer> score(char key) {
            return Optional.ofNullable(scores.get(key));
        }
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PromptLibrary prompts;
    private final AcdManagement acd;

    Survey(DatabaseClient db, TransactionalOperator tx, PromptLibrary prompts, AcdManagement acd) {
        this.db = db;
        this.tx = tx;
        this.prompts = prompts;
        this.acd = acd;
    }

    /** The tenant's survey settings; off when it has saved none. */
    public Mono<Settings> settings(TenantId tenant) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT enabled, prompt, timeout_seconds, scores FROM survey_settings")
                                .map(row -> new Settings(
                                        Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                                        Optional.ofNullable(row.get("prompt", String.class))
                                                .map(PromptName::of)
                                                .orElse(null),
                                        Duration.ofSeconds(
                                                Objects.requireNonNull(row.get("timeout_seconds", Integer.class))),
                                        scores(Objects.requireNonNull(row.get("scores", String.class)))))
                                .one())
                        .defaultIfEmpty(Settings.off()));
    }

    /** Saves the tenant's settings (the prompt's existence is checked when it plays: a missing one plays ours). */
    public Mono<Settings> save(TenantId tenant, Settings settings, String by) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO survey_settings (tenant_id, enabled, prompt,"
                        + " timeout_seconds, scores, updated_at, updated_by) VALUES (:t, :enabled,"
                        + " :prompt, :timeout, :scores, now(), :by) ON CONFLICT (tenant_id) DO UPDATE"
                        + " SET enabled = EXCLUDED.enabled, prompt = EXCLUDED.prompt, timeout_seconds"
                        + " = EXCLUDED.timeout_seconds, scores = EXCLUDED.scores, updated_at ="
                        + " EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
                .bind("t", tenant.value())
                .bind("enabled", settings.enabled())
                .bind("timeout", (int) settings.timeout().toSeconds())
                .bind("scores", text(settings.scores()))
                .bind("by", by);
        PromptName prompt = settings.prompt();
        spec = prompt == null ? spec.bindNull("prompt", String.class) : spec.bind("prompt", prompt.value());
        return Tenancy.runAs(
                        TenantContext.of(tenant), tx.transactional(spec.fetch().rowsUpdated()))
                .thenReturn(settings);
    }

    /** What the caller hears: the tenant's prompt, or the platform's question when it has none (or it is gone). */
    Mono<Prompt> prompt(TenantId tenant, Settings settings) {
        Mono<Prompt> platform = prompts.announcement(List.of(SystemPrompt.SURVEY));
        PromptName own = settings.prompt();
        return own == null ? platform : prompts.resolve(tenant, List.of(own)).onErrorResume(error -> platform);
    }

    /** Records the caller's answer (decision {@code SurveyAnswered}: call record and call event). */
    Mono<Void> answered(TenantId tenant, CallId call, int score) {
        return acd.note(tenant, call, null, "SurveyAnswered", Integer.toString(score));
    }

    static Map<Character, Integer> scores(String text) {
        Map<Character, Integer> scores = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] parts = pair.split(":");
            if (parts.length == 2 && parts[0].length() == 1) {
                scores.put(parts[0].charAt(0), Integer.parseInt(parts[1]));
            }
        }
        return scores;
    }

    static String text(Map<Character, Integer> scores) {
        return scores.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + ":" + entry.getValue())
                .collect(Collectors.joining(","));
    }
}
