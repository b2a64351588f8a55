package cn.hotline.workforce.sms;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import io.r2dbc.spi.Readable;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The SMS tables; every method runs inside the caller's tenant-bound transaction. */
@Component
final class SmsStore {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final String MESSAGE_COLUMNS = "id, batch, template, source, source_ref, recipient_masked, content,"
            + " segments, status, provider, delivered_segments, error, created_at, submitted_at, done_at";

    private final DatabaseClient db;
    private final PersonalDataCipher cipher;
    private final SmsProperties properties;

    SmsStore(DatabaseClient db, PersonalDataCipher cipher, SmsProperties properties) {
        this.db = db;
        this.cipher = cipher;
        this.properties = properties;
    }

    // ---- settings

    Mono<SmsSettings> settings(TenantId tenant) {
        return db.sql("SELECT provider, sign_name, http_url, http_access_key, http_secret_sealed, monthly_quota,"
                        + " rate_per_second, reply_template FROM sms_settings")
                .map((Readable row) -> {
                    byte[] sealed = row.get("http_secret_sealed", byte[].class);
                    String url = row.get("http_url", String.class);
                    return new SmsSettings(
                            Objects.requireNonNull(row.get("provider", String.class)),
                            Objects.requireNonNull(row.get("sign_name", String.class)),
                            url == null ? null : URI.create(url),
                            row.get("http_access_key", String.class),
                            sealed == null ? null : cipher.open(tenant, sealed),
                            Objects.requireNonNull(row.get("monthly_quota", Integer.class)),
                            Objects.requireNonNull(row.get("rate_per_second", Integer.class)),
                            row.get("reply_template", UUID.class));
                })
                .one()
                .defaultIfEmpty(defaults());
    }

    SmsSettings defaults() {
        return new SmsSettings(
                "SMPP",
                "12345",
                null,
                null,
                null,
                properties.defaultMonthlyQuota(),
                properties.defaultRatePerSecond(),
                null);
    }

    Mono<SmsSettings> saveSettings(TenantId tenant, SmsSettings s, Instant at) {
        return enrol(tenant)
                .then(db.sql("INSERT INTO sms_settings (tenant_id, provider, sign_name, http_url, http_access_key,"
                                + " http_secret_sealed, monthly_quota, rate_per_second, reply_template, updated_at)"
                                + " VALUES (:t, :p, :s, :u, :k, :x, :q, :r, :rt, :at)"
                                + " ON CONFLICT (tenant_id) DO UPDATE SET provider = :p, sign_name = :s, http_url = :u,"
                                + " http_access_key = :k, http_secret_sealed = :x, monthly_quota = :q,"
                                + " rate_per_second = :r, reply_template = :rt, updated_at = :at")
                        .bind("t", tenant.value())
                        .bind("p", s.provider())
                        .bind("s", s.signName())
                        .bind(
                                "u",
                                Parameter.fromOrEmpty(
                                        s.httpUrl() == null ? null : s.httpUrl().toString(), String.class))
                        .bind("k", Parameter.fromOrEmpty(s.httpAccessKey(), String.class))
                        .bind(
                                "x",
                                Parameter.fromOrEmpty(
                                        s.httpSecret() == null ? null : cipher.seal(tenant, s.httpSecret()),
                                        byte[].class))
                        .bind("q", s.monthlyQuota())
                        .bind("r", s.ratePerSecond())
                        .bind("rt", Parameter.fromOrEmpty(s.replyTemplate(), UUID.class))
                        .bind("at", at)
                        .fetch()
                        .rowsUpdated())
                .thenReturn(s);
    }

    /** Records that the tenant uses messaging, so cross-tenant jobs visit it. */
    Mono<Void> enrol(TenantId tenant) {
        return db.sql("INSERT INTO messaging_tenant (tenant_slug) VALUES (:t) ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Every tenant that uses messaging (platform context). */
    Flux<TenantId> tenants() {
        return db.sql("SELECT tenant_slug FROM messaging_tenant ORDER BY tenant_slug")
                .map((Readable row) -> TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                .all();
    }

    // ---- templates

    Mono<SmsTemplate> addTemplate(TenantId tenant, SmsTemplate t) {
        return enrol(tenant)
                .then(db.sql("INSERT INTO sms_template (tenant_id, id, name, body, variables, active, created_at)"
                                + " VALUES (:t, :id, :n, :b, :v, :a, :at)")
                        .bind("t", tenant.value())
                        .bind("id", t.id())
                        .bind("n", t.name())
                        .bind("b", t.body())
                        .bind("v", t.variables().toArray(String[]::new))
                        .bind("a", t.active())
                        .bind("at", t.createdAt())
                        .fetch()
                        .rowsUpdated())
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "a template named '" + t.name() + "' exists already",
                                Map.of("field", "name")))
                .thenReturn(t);
    }

    Flux<SmsTemplate> templates() {
        return db.sql("SELECT id, name, body, variables, active, created_at FROM sms_template ORDER BY created_at")
                .map(SmsStore::templateOf)
                .all();
    }

    Mono<SmsTemplate> template(UUID id) {
        return db.sql("SELECT id, name, body, variables, active, created_at FROM sms_template WHERE id = :id")
                .bind("id", id)
                .map(SmsStore::templateOf)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "no template " + id, Map.of("field", "template"))));
    }

    Mono<SmsTemplate> activeTemplate(UUID id) {
        return template(id)
                .filter(SmsTemplate::active)
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "template " + id + " is not active",
                        Map.of("field", "template"))));
    }

    Mono<SmsTemplate> deactivate(UUID id) {
        return db.sql("UPDATE sms_template SET active = false WHERE id = :id"
                        + " RETURNING id, name, body, variables, active, created_at")
                .bind("id", id)
                .map(SmsStore::templateOf)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No template " + id)));
    }

    private static SmsTemplate templateOf(Readable row) {
        return new SmsTemplate(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("name", String.class)),
                Objects.requireNonNull(row.get("body", String.class)),
                Arrays.asList(Objects.requireNonNull(row.get("variables", String[].class))),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                Objects.requireNonNull(row.get("created_at", Instant.class)));
    }

    // ---- quota

    static String month(Instant at) {
        return MONTH.format(at.atZone(CHINA));
    }

    /** Counts {@code n} messages against this month's quota, or nothing at all when they do not fit. */
    Mono<Boolean> reserve(TenantId tenant, Instant at, int n, int limit) {
        return db.sql("INSERT INTO sms_quota_usage AS u (tenant_id, month, used) SELECT :t, :m, :n WHERE :n <= :l"
                        + " ON CONFLICT (tenant_id, month) DO UPDATE SET used = u.used + :n"
                        + " WHERE u.used + :n <= :l RETURNING used")
                .bind("t", tenant.value())
                .bind("m", month(at))
                .bind("n", n)
                .bind("l", limit)
                .map((Readable row) -> 1)
                .one()
                .hasElement();
    }

    Mono<Integer> used(Instant at) {
        return db.sql("SELECT used FROM sms_quota_usage WHERE month = :m")
                .bind("m", month(at))
                .map((Readable row) -> Objects.requireNonNull(row.get("used", Integer.class)))
                .one()
                .defaultIfEmpty(0);
    }

    // ---- messages

    record NewMessage(
            UUID id,
            @Nullable UUID batch,
            @Nullable UUID template,
            String source,
            @Nullable String sourceRef,
            String to,
            String content,
            String provider) {}

    /** Inserts the message as QUEUED; false when its source reference was sent before (idempotency). */
    Mono<Boolean> insert(TenantId tenant, NewMessage m, Instant at) {
        return db.sql("INSERT INTO sms_message (tenant_id, id, batch, template, source, source_ref, recipient_sealed,"
                        + " recipient_index, recipient_masked, content, segments, status, provider, created_at)"
                        + " VALUES (:t, :id, :b, :tp, :s, :sr, :rs, :ri, :rm, :c, :n, 'QUEUED', :p, :at)"
                        + " ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .bind("id", m.id())
                .bind("b", Parameter.fromOrEmpty(m.batch(), UUID.class))
                .bind("tp", Parameter.fromOrEmpty(m.template(), UUID.class))
                .bind("s", m.source())
                .bind("sr", Parameter.fromOrEmpty(m.sourceRef(), String.class))
                .bind("rs", cipher.seal(tenant, m.to()))
                .bind("ri", cipher.blindIndex(tenant, m.to()))
                .bind("rm", mask(m.to()))
                .bind("c", m.content())
                .bind("n", SmsSegments.count(m.content()))
                .bind("p", m.provider())
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    static String mask(String number) {
        if (number.length() <= 7) {
            return number.charAt(0) + "****";
        }
        return number.substring(0, 3) + "****" + number.substring(number.length() - 4);
    }

    /** The QUEUED messages of a batch with their numbers opened, for the dispatcher. */
    Flux<Queued> queued(TenantId tenant, UUID batch) {
        return db.sql("SELECT id, recipient_sealed, content FROM sms_message WHERE batch = :b AND status = 'QUEUED'"
                        + " ORDER BY created_at, id")
                .bind("b", batch)
                .map((Readable row) -> new Queued(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        cipher.open(tenant, Objects.requireNonNull(row.get("recipient_sealed", byte[].class))),
                        Objects.requireNonNull(row.get("content", String.class))))
                .all();
    }

    record Queued(UUID id, String to, String content) {}

    /** Claims a QUEUED message for sending; false when it is sent, or claimed by someone else recently. */
    Mono<Boolean> claim(UUID id, Instant now, Instant staleBefore) {
        return db.sql("UPDATE sms_message SET claimed_at = :now WHERE id = :id AND status = 'QUEUED'"
                        + " AND (claimed_at IS NULL OR claimed_at < :stale)")
                .bind("now", now)
                .bind("id", id)
                .bind("stale", staleBefore)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    /** QUEUED messages nobody has touched since {@code before} (their instance stopped), oldest first. */
    Flux<Queued> abandoned(TenantId tenant, Instant before, int limit) {
        return db.sql("SELECT id, recipient_sealed, content FROM sms_message WHERE status = 'QUEUED'"
                        + " AND coalesce(claimed_at, created_at) < :before ORDER BY created_at, id LIMIT :l")
                .bind("before", before)
                .bind("l", limit)
                .map((Readable row) -> new Queued(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        cipher.open(tenant, Objects.requireNonNull(row.get("recipient_sealed", byte[].class))),
                        Objects.requireNonNull(row.get("content", String.class))))
                .all();
    }

    Mono<Void> submitted(UUID id, List<String> providerIds, Instant at) {
        return db.sql("UPDATE sms_message SET provider_ids = :p, submitted_at = :at,"
                        + " status = CASE WHEN status = 'QUEUED' THEN 'SUBMITTED' ELSE status END WHERE id = :id")
                .bind("p", providerIds.toArray(String[]::new))
                .bind("at", at)
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .then();
    }

    Mono<Void> failed(UUID id, String error, Instant at) {
        return db.sql("UPDATE sms_message SET status = 'FAILED', error = :e, done_at = :at WHERE id = :id")
                .bind("e", error.length() > 500 ? error.substring(0, 500) : error)
                .bind("at", at)
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Records one segment's receipt (once) and derives the message's status from all of its receipts. */
    Mono<Void> receipt(
            TenantId tenant, UUID message, String providerId, String state, @Nullable String error, Instant at) {
        // segments' receipts arrive together: the row lock makes each count see the others' committed receipts
        return db.sql("SELECT id FROM sms_message WHERE id = :m FOR UPDATE")
                .bind("m", message)
                .fetch()
                .all()
                .then(db.sql("INSERT INTO sms_receipt (tenant_id, provider_id, message, state, error, received_at)"
                                + " VALUES (:t, :p, :m, :s, :e, :at) ON CONFLICT DO NOTHING")
                        .bind("t", tenant.value())
                        .bind("p", providerId)
                        .bind("m", message)
                        .bind("s", state)
                        .bind("e", Parameter.fromOrEmpty(error, String.class))
                        .bind("at", at)
                        .fetch()
                        .rowsUpdated())
                .then(db.sql("UPDATE sms_message m SET delivered_segments = r.delivered,"
                                + " status = CASE WHEN r.failed > 0 THEN 'FAILED'"
                                + "   WHEN r.delivered >= m.segments THEN 'DELIVERED' ELSE m.status END,"
                                + " error = CASE WHEN r.failed > 0 THEN r.error ELSE m.error END,"
                                + " done_at = CASE WHEN r.failed > 0 OR r.delivered >= m.segments THEN :at"
                                + "   ELSE m.done_at END"
                                + " FROM (SELECT count(*) FILTER (WHERE state = 'DELIVRD') AS delivered,"
                                + "   count(*) FILTER (WHERE state <> 'DELIVRD' AND state <> 'ENROUTE'"
                                + "     AND state <> 'ACCEPTD') AS failed,"
                                + "   max(state || coalesce(': ' || error, '')) FILTER (WHERE state <> 'DELIVRD') AS error"
                                + "   FROM sms_receipt WHERE message = :m) r"
                                + " WHERE m.id = :m")
                        .bind("m", message)
                        .bind("at", at)
                        .fetch()
                        .rowsUpdated())
                .then();
    }

    Mono<SmsMessage> message(UUID id) {
        return db.sql("SELECT " + MESSAGE_COLUMNS + " FROM sms_message WHERE id = :id")
                .bind("id", id)
                .map(SmsStore::messageOf)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No SMS " + id)));
    }

    /** Messages by number (exact, through the blind index), batch and status, newest first. */
    Flux<SmsMessage> query(
            TenantId tenant, @Nullable String number, @Nullable UUID batch, @Nullable String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS + " FROM sms_message WHERE true");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (number != null) {
            sql.append(" AND recipient_index = :ri");
            binds.put("ri", cipher.blindIndex(tenant, number));
        }
        if (batch != null) {
            sql.append(" AND batch = :b");
            binds.put("b", batch);
        }
        if (status != null) {
            sql.append(" AND status = :s");
            binds.put("s", status);
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT :l");
        binds.put("l", limit);
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (var e : binds.entrySet()) {
            spec = spec.bind(e.getKey(), e.getValue());
        }
        return spec.map(SmsStore::messageOf).all();
    }

    private static SmsMessage messageOf(Readable row) {
        return new SmsMessage(
                Objects.requireNonNull(row.get("id", UUID.class)),
                row.get("batch", UUID.class),
                row.get("template", UUID.class),
                Objects.requireNonNull(row.get("source", String.class)),
                row.get("source_ref", String.class),
                Objects.requireNonNull(row.get("recipient_masked", String.class)),
                Objects.requireNonNull(row.get("content", String.class)),
                Objects.requireNonNull(row.get("segments", Integer.class)),
                Objects.requireNonNull(row.get("status", String.class)),
                Objects.requireNonNull(row.get("provider", String.class)),
                Objects.requireNonNull(row.get("delivered_segments", Integer.class)),
                row.get("error", String.class),
                Objects.requireNonNull(row.get("created_at", Instant.class)),
                row.get("submitted_at", Instant.class),
                row.get("done_at", Instant.class));
    }

    // ---- batches

    Mono<Void> insertBatch(TenantId tenant, UUID id, String name, UUID template, int total, String by, Instant at) {
        return db.sql("INSERT INTO sms_batch (tenant_id, id, name, template, total, created_by, created_at)"
                        + " VALUES (:t, :id, :n, :tp, :total, :by, :at)")
                .bind("t", tenant.value())
                .bind("id", id)
                .bind("n", name)
                .bind("tp", template)
                .bind("total", total)
                .bind("by", by)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** A batch: its name, size and how many messages are in each status. */
    record BatchView(UUID id, String name, UUID template, int total, Map<String, Long> byStatus, Instant createdAt) {}

    Mono<BatchView> batch(UUID id) {
        Mono<Map<String, Long>> counts = db.sql(
                        "SELECT status, count(*) AS n FROM sms_message WHERE batch = :b GROUP BY status")
                .bind("b", id)
                .map((Readable row) -> Map.entry(
                        Objects.requireNonNull(row.get("status", String.class)),
                        Objects.requireNonNull(row.get("n", Long.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return db.sql("SELECT id, name, template, total, created_at FROM sms_batch WHERE id = :b")
                .bind("b", id)
                .map((Readable row) -> new Object[] {
                    row.get("name", String.class),
                    row.get("template", UUID.class),
                    row.get("total", Integer.class),
                    row.get("created_at", Instant.class)
                })
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No batch " + id)))
                .zipWith(
                        counts,
                        (r, c) -> new BatchView(
                                id,
                                (String) Objects.requireNonNull(r[0]),
                                (UUID) Objects.requireNonNull(r[1]),
                                (Integer) Objects.requireNonNull(r[2]),
                                c,
                                (Instant) Objects.requireNonNull(r[3])));
    }

    static List<String> list(String @Nullable [] values) {
        return values == null ? List.of() : new ArrayList<>(Arrays.asList(values));
    }

    static Mono<TenantId> tenant() {
        return Tenancy.requireTenant();
    }
}
