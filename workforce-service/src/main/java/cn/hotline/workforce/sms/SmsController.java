package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /tenants/{t}/sms/…}: settings, templates, one message, batches (JSON or Excel), queries, usage. */
@RestController
final class SmsController {

    private static final Set<String> STATUSES = Set.of("QUEUED", "SUBMITTED", "DELIVERED", "FAILED");
    private static final int MAX_UPLOAD = 10 * 1024 * 1024;

    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsSending sending;
    private final Clock clock;

    SmsController(SmsStore store, SmsTransactions tx, SmsSending sending, ObjectProvider<Clock> clock) {
        this.store = store;
        this.tx = tx;
        this.sending = sending;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    record SettingsBody(
            @Nullable String provider,
            @Nullable String signName,
            @Nullable String httpUrl,
            @Nullable String httpAccessKey,
            @Nullable String httpSecret,
            @Nullable Integer monthlyQuota,
            @Nullable Integer ratePerSecond,
            @Nullable UUID replyTemplate) {}

    record SettingsView(
            String provider,
            String signName,
            @Nullable String httpUrl,
            @Nullable String httpAccessKey,
            boolean httpSecretSet,
            int monthlyQuota,
            int ratePerSecond,
            @Nullable UUID replyTemplate) {

        static SettingsView of(SmsSettings s) {
            return new SettingsView(
                    s.provider(),
                    s.signName(),
                    s.httpUrl() == null ? null : s.httpUrl().toString(),
                    s.httpAccessKey(),
                    s.httpSecret() != null,
                    s.monthlyQuota(),
                    s.ratePerSecond(),
                    s.replyTemplate());
        }
    }

    @GetMapping("/tenants/{tenant}/sms/settings")
    Mono<SettingsView> settings(@PathVariable String tenant) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE)
                .flatMap(c -> tx.run(c.tenant(), store.settings(c.tenant())))
                .map(SettingsView::of);
    }

    @PutMapping("/tenants/{tenant}/sms/settings")
    Mono<SettingsView> saveSettings(@PathVariable String tenant, @RequestBody SettingsBody body) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE)
                .flatMap(c -> {
                    TenantId t = c.tenant();
                    SmsSettings defaults = store.defaults();
                    SmsSettings settings;
                    try {
                        settings = new SmsSettings(
                                body.provider() == null ? "SMPP" : body.provider(),
                                body.signName() == null ? "" : body.signName(),
                                body.httpUrl() == null ? null : URI.create(body.httpUrl()),
                                body.httpAccessKey(),
                                body.httpSecret(),
                                body.monthlyQuota() == null ? defaults.monthlyQuota() : body.monthlyQuota(),
                                body.ratePerSecond() == null ? defaults.ratePerSecond() : body.ratePerSecond(),
                                body.replyTemplate());
                    } catch (IllegalArgumentException e) {
                        return Mono.error(
                                new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage())));
                    }
                    Mono<Void> template = settings.replyTemplate() == null
                            ? Mono.empty()
                            : store.activeTemplate(settings.replyTemplate()).then();
                    return tx.run(t, template.then(store.saveSettings(t, settings, clock.instant())));
                })
                .map(SettingsView::of);
    }

    record TemplateBody(@Nullable String name, @Nullable String body) {}

    @PostMapping("/tenants/{tenant}/sms/templates")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SmsTemplate> addTemplate(@PathVariable String tenant, @RequestBody TemplateBody body) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE).flatMap(c -> {
            SmsTemplate template;
            try {
                template = SmsTemplate.create(
                        Uuids.v7(),
                        body.name() == null ? "" : body.name(),
                        body.body() == null ? "" : body.body(),
                        clock.instant());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage())));
            }
            return tx.run(c.tenant(), store.addTemplate(c.tenant(), template));
        });
    }

    @GetMapping("/tenants/{tenant}/sms/templates")
    Flux<SmsTemplate> templates(@PathVariable String tenant) {
        return SmsAccess.require(tenant, SmsAccess.SEND).flatMapMany(c -> tx.run(c.tenant(), store.templates()));
    }

    @PostMapping("/tenants/{tenant}/sms/templates/{id}/deactivate")
    Mono<SmsTemplate> deactivate(@PathVariable String tenant, @PathVariable UUID id) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE).flatMap(c -> tx.run(c.tenant(), store.deactivate(id)));
    }

    record MessageBody(@Nullable UUID template, @Nullable String to, @Nullable Map<String, String> variables) {}

    @PostMapping("/tenants/{tenant}/sms/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SmsMessage> send(@PathVariable String tenant, @RequestBody MessageBody body) {
        return SmsAccess.require(tenant, SmsAccess.SEND).flatMap(c -> {
            if (body.template() == null) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "template is required", Map.of("field", "template")));
            }
            return sending.sendOne(
                    c.tenant(),
                    body.template(),
                    body.to() == null ? "" : body.to(),
                    body.variables() == null ? Map.of() : body.variables());
        });
    }

    @GetMapping("/tenants/{tenant}/sms/messages")
    Flux<SmsMessage> query(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String number,
            @RequestParam(required = false) @Nullable UUID batch,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "100") int limit) {
        return SmsAccess.require(tenant, SmsAccess.SEND).flatMapMany(c -> {
            if (status != null && !STATUSES.contains(status)) {
                return Flux.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "status is one of " + STATUSES, Map.of("field", "status")));
            }
            if (limit < 1 || limit > 1000) {
                return Flux.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "limit is 1-1000", Map.of("field", "limit")));
            }
            String n = number == null ? null : SmsSending.number(number, "number");
            return tx.run(c.tenant(), store.query(c.tenant(), n, batch, status, limit));
        });
    }

    @GetMapping("/tenants/{tenant}/sms/messages/{id}")
    Mono<SmsMessage> message(@PathVariable String tenant, @PathVariable UUID id) {
        return SmsAccess.require(tenant, SmsAccess.SEND).flatMap(c -> tx.run(c.tenant(), store.message(id)));
    }

    record BatchBody(@Nullable String name, @Nullable UUID template, @Nullable List<SmsSending.Recipient> recipients) {}

    @PostMapping(value = "/tenants/{tenant}/sms/batches", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<SmsStore.BatchView> batch(@PathVariable String tenant, @RequestBody BatchBody body) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE).flatMap(c -> {
            if (body.template() == null) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "template is required", Map.of("field", "template")));
            }
            return sending.sendBatch(
                    c.tenant(),
                    body.name() == null ? "" : body.name(),
                    body.template(),
                    body.recipients() == null ? List.of() : body.recipients(),
                    "user:" + c.subject());
        });
    }

    @PostMapping(value = "/tenants/{tenant}/sms/batches/import", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<SmsStore.BatchView> importBatch(
            @PathVariable String tenant,
            @RequestPart("file") FilePart file,
            @RequestPart("name") String name,
            @RequestPart("template") String template) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE).flatMap(c -> {
            UUID templateId;
            try {
                templateId = UUID.fromString(template.strip());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "template is not an id", Map.of("field", "template")));
            }
            return DataBufferUtils.join(file.content(), MAX_UPLOAD)
                    .map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .onErrorMap(
                            org.springframework.core.io.buffer.DataBufferLimitException.class,
                            e -> new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE, "the file is larger than 10 MB"))
                    .publishOn(Schedulers.boundedElastic())
                    .map(SmsExcel::recipients)
                    .flatMap(recipients ->
                            sending.sendBatch(c.tenant(), name, templateId, recipients, "user:" + c.subject()));
        });
    }

    @GetMapping("/tenants/{tenant}/sms/batches/{id}")
    Mono<SmsStore.BatchView> batchView(@PathVariable String tenant, @PathVariable UUID id) {
        return SmsAccess.require(tenant, SmsAccess.SEND).flatMap(c -> tx.run(c.tenant(), store.batch(id)));
    }

    record Usage(String month, int used, int quota) {}

    @GetMapping("/tenants/{tenant}/sms/usage")
    Mono<Usage> usage(@PathVariable String tenant) {
        return SmsAccess.require(tenant, SmsAccess.MANAGE).flatMap(c -> {
            var now = clock.instant();
            return tx.run(
                    c.tenant(),
                    store.used(now)
                            .zipWith(store.settings(c.tenant()))
                            .map(t -> new Usage(
                                    SmsStore.month(now), t.getT1(), t.getT2().monthlyQuota())));
        });
    }
}
