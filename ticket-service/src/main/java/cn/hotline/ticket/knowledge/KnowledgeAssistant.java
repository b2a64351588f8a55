package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.knowledge.assistant.Answer;
import cn.hotline.ticket.knowledge.assistant.AnswerModel;
import cn.hotline.ticket.knowledge.assistant.Answers;
import cn.hotline.ticket.knowledge.assistant.OpenAiCompatibleModel;
import cn.hotline.ticket.knowledge.assistant.Source;
import cn.hotline.ticket.knowledge.search.Hit;
import cn.hotline.ticket.knowledge.search.SearchQuery;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Smart Q&A (智能问答): a question in plain Chinese gets an answer taken from the published entries the caller may see,
 * citing them. When the tenant has configured a generative model, it may phrase the answer from the same entries; a
 * reply that cites nothing, cites something it was not given, or fails, is dropped for the extractive answer.
 */
@Component
public final class KnowledgeAssistant {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeAssistant.class);
    private static final int SOURCES = 4;

    private final KnowledgeSearch search;
    private final DatabaseClient db;
    private final KnowledgeTransactions tx;
    private final WebClient.Builder web;
    private final KnowledgeProperties properties;

    /** Marks an API key sealed with the kernel's SM4 cipher, bound to the tenant. */
    static final String SEALED = "sm4:";

    private final PersonalDataCipher cipher;

    KnowledgeAssistant(
            KnowledgeSearch search,
            DatabaseClient db,
            KnowledgeTransactions tx,
            KnowledgeProperties properties,
            PersonalDataCipher cipher) {
        this.cipher = cipher;
        this.search = search;
        this.db = db;
        this.tx = tx;
        // Boot 4 configures no WebClient.Builder without its webclient starter; the model client needs no customizing.
        this.web = WebClient.builder();
        this.properties = properties;
    }

    /** The tenant's model settings, without the key. */
    public record ModelSettings(URI endpoint, String model, @Nullable String apiKey) {
        public ModelSettings {
            if (endpoint == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint: an http(s) URL of an OpenAI-compatible API");
            }
            if (model == null || model.isBlank() || model.length() > 100) {
                throw new IllegalArgumentException("model: 1-100 characters");
            }
        }
    }

    public Mono<Answer> ask(Caller caller, String question) {
        return Mono.fromCallable(() -> new SearchQuery(question, null, null, search.today(), SOURCES))
                .onErrorMap(IllegalArgumentException.class, KnowledgeController::invalid)
                .flatMap(query -> search.search(caller, query).flatMap(hits -> search.index(caller.tenant())
                        .map(index -> index.terms(question))
                        .flatMap(terms -> answer(caller, question, terms, hits))));
    }

    private Mono<Answer> answer(Caller caller, String question, List<String> terms, List<Hit> hits) {
        List<Source> sources = new ArrayList<>();
        for (Hit hit : hits) {
            if (!"YELLOW_PAGE".equals(hit.kind()) || sources.isEmpty()) {
                sources.add(new Source(sources.size() + 1, hit.id(), plain(hit.title()), hit.body()));
            }
        }
        Answer extractive = Answers.extractive(terms, sources);
        if (extractive.mode() == Answer.Mode.NOT_FOUND) {
            return Mono.just(extractive);
        }
        return model(caller.tenantContext())
                .flatMap(model -> model.phrase(question, sources)
                        .map(reply -> Answers.checked(reply, sources)
                                .orElseGet(() -> extractive.withNote(
                                        "the model's reply did not keep to the cited entries; extractive answer")))
                        .onErrorResume(e -> {
                            // Policy: a failing model never blocks an answer; the extractive one stands alone.
                            log.warn("knowledge model of {} failed: {}", caller.tenant(), e.toString());
                            return Mono.just(extractive.withNote("the model did not answer ("
                                    + e.getClass().getSimpleName() + "); extractive answer"));
                        }))
                .defaultIfEmpty(extractive);
    }

    private static String plain(String highlighted) {
        return highlighted
                .replace("<em>", "")
                .replace("</em>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    private Mono<AnswerModel> model(TenantContext context) {
        return settings(context)
                .map(s ->
                        new OpenAiCompatibleModel(web, s.endpoint(), s.model(), s.apiKey(), properties.modelTimeout()));
    }

    Mono<ModelSettings> settings(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT tenant_id, endpoint, model, api_key FROM kb_model")
                        .map(row -> new ModelSettings(
                                URI.create(EntryRows.text(row, "endpoint")),
                                EntryRows.text(row, "model"),
                                key(EntryRows.text(row, "tenant_id"), row.get("api_key", String.class))))
                        .one());
    }

    /** The stored key, opened: keys are kept sealed (SM4, bound to the tenant), never as text. */
    private @Nullable String key(String tenant, @Nullable String stored) {
        if (stored == null || !stored.startsWith(SEALED)) {
            return stored; // a key stored before keys were sealed
        }
        return cipher.open(
                cn.hotline.kernel.id.TenantId.of(tenant),
                java.util.Base64.getDecoder().decode(stored.substring(SEALED.length())));
    }

    /** Sets (or with null, removes) the tenant's model. */
    public Mono<Optional<ModelSettings>> configure(Caller caller, @Nullable ModelSettings settings) {
        Mono<Long> write = settings == null
                ? db.sql("DELETE FROM kb_model").fetch().rowsUpdated()
                : db.sql("INSERT INTO kb_model (tenant_id, endpoint, model, api_key, updated_by) VALUES (:t, :e, :m,"
                                + " :k, :by) ON CONFLICT (tenant_id) DO UPDATE SET endpoint = :e, model = :m, api_key ="
                                + " :k, updated_by = :by, updated_at = now()")
                        .bind("t", caller.tenant().value())
                        .bind("e", settings.endpoint().toString())
                        .bind("m", settings.model())
                        .bind(
                                "k",
                                Parameter.fromOrEmpty(
                                        settings.apiKey() == null
                                                ? null
                                                : SEALED
                                                        + java.util.Base64.getEncoder()
                                                                .encodeToString(cipher.seal(
                                                                        caller.tenant(), settings.apiKey())),
                                        String.class))
                        .bind("by", caller.subject())
                        .fetch()
                        .rowsUpdated();
        return tx.run(caller.tenantContext(), write).thenReturn(Optional.ofNullable(settings));
    }
}
