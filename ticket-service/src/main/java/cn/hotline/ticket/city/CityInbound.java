package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies one signed push of the city platform: verify the signature against the tenant's active inbound secrets,
 * read and validate the whole message (a broken field is named, nothing is applied), then in one transaction record
 * the webhook id and apply the effect. A second delivery of the same id (also 50 at once: the receipt's primary key
 * makes them wait for the first and then find it) gets the stored answer and changes nothing.
 */
@Component
final class CityInbound {

    /** What a push asks for; the path segment of {@code /hooks/city/{tenant}/...}. */
    enum Kind {
        TICKET,
        URGE,
        STATUS_QUERY
    }

    /** The answer to a push: its HTTP status, its body, and whether it repeats an earlier answer. */
    record Answer(int status, JsonNode body, boolean replayed) {}

    private final CityTransactions tx;
    private final CitySettings settings;
    private final CityTicketIntake intake;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final CityProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    CityInbound(
            CityTransactions tx,
            CitySettings settings,
            CityTicketIntake intake,
            DatabaseClient db,
            JsonMapper json,
            CityProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.tx = tx;
        this.settings = settings;
        this.intake = intake;
        this.db = db;
        this.json = json;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    private record Context(List<WebhookSecret> secrets, FieldMapping mapping) {}

    Mono<Answer> receive(
            String tenantSlug,
            Kind kind,
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signature,
            byte[] body) {
        TenantId tenant = tenant(tenantSlug);
        return tx.run(
                        tenant,
                        settings.activeSecrets(CitySettings.Direction.INBOUND)
                                .zipWith(settings.endpoint()
                                        .map(CityEndpoint::mapping)
                                        .defaultIfEmpty(FieldMapping.IDENTITY))
                                .map(t -> new Context(t.getT1(), t.getT2())))
                .flatMap(context -> {
                    verify(tenant, kind, id, timestamp, signature, body, context.secrets());
                    String webhookId = Objects.requireNonNull(id);
                    Command command = command(kind, body, context.mapping());
                    return tx.run(tenant, apply(tenant, kind, webhookId, sha256(body), command));
                })
                .doOnNext(answer -> meters.counter(
                                "cc.ticket.city.inbound",
                                "kind",
                                kind.name(),
                                "outcome",
                                answer.replayed() ? "replayed" : "applied")
                        .increment());
    }

    /** Verifies a signed poll of the pull adapter (no body, no receipt); fails with a problem when it does not hold. */
    Mono<TenantId> verifyPoll(
            String tenantSlug, @Nullable String id, @Nullable String timestamp, @Nullable String signature) {
        TenantId tenant = tenant(tenantSlug);
        return tx.run(tenant, settings.activeSecrets(CitySettings.Direction.INBOUND))
                .map(secrets -> {
                    verify(tenant, null, id, timestamp, signature, new byte[0], secrets);
                    return tenant;
                });
    }

    private static TenantId tenant(String slug) {
        try {
            return TenantId.of(slug);
        } catch (IllegalArgumentException e) {
            // the same answer as a tenant without secrets: a caller learns nothing about which tenants exist
            throw rejected(WebhookSignatures.Rejection.NO_ACTIVE_SECRET, "No active inbound secret for this path.");
        }
    }

    private void verify(
            TenantId tenant,
            @Nullable Kind kind,
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signature,
            byte[] body,
            List<WebhookSecret> secrets) {
        WebhookSignatures.Verification verification = WebhookSignatures.verify(
                id, timestamp, signature, body, secrets, clock.instant(), properties.tolerance());
        if (verification instanceof WebhookSignatures.Verification.Rejected rejected) {
            meters.counter(
                            "cc.ticket.city.inbound.rejected",
                            "reason",
                            rejected.reason().name())
                    .increment();
            throw rejected(rejected.reason(), rejected.detail());
        }
    }

    private static ProblemException rejected(WebhookSignatures.Rejection reason, String detail) {
        return new ProblemException(ProblemCode.UNAUTHENTICATED, detail, Map.of("reason", reason.name()));
    }

    /** A validated message, ready to apply. */
    private sealed interface Command {
        record Transfer(CityTicket ticket) implements Command {}

        record Urging(CityUrge urge) implements Command {}

        record Query(String cityTicketNo) implements Command {}
    }

    private Command command(Kind kind, byte[] body, FieldMapping mapping) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The body is not JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The body must be a JSON object.");
        }
        ObjectNode ours = mapping.toOurs((ObjectNode) tree);
        try {
            return switch (kind) {
                case TICKET ->
                    new Command.Transfer(new CityTicket(
                            text(ours, "cityTicketNo"),
                            text(ours, "title"),
                            text(ours, "content"),
                            optional(ours, "category"),
                            urgency(ours),
                            optional(ours, "callerName"),
                            optional(ours, "callerPhone"),
                            bool(ours, "confidential"),
                            optional(ours, "address"),
                            instant(ours, "dueAt"),
                            attachments(ours)));
                case URGE -> new Command.Urging(new CityUrge(text(ours, "cityTicketNo"), text(ours, "reason")));
                case STATUS_QUERY -> {
                    String no = text(ours, "cityTicketNo");
                    CityFields.requireText("cityTicketNo", no, 64);
                    yield new Command.Query(no);
                }
            };
        } catch (CityFields.InvalidField invalid) {
            String field = mapping.theirName(invalid.field());
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    invalid.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(invalid.field()), field),
                    Map.of("field", field));
        }
    }

    private static @Nullable String textOrNull(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new CityFields.InvalidField(field, "must be a string");
        }
        return value.stringValue();
    }

    private static String text(ObjectNode node, String field) {
        String value = textOrNull(node, field);
        if (value == null) {
            throw new CityFields.InvalidField(field, "is required");
        }
        return value;
    }

    private static @Nullable String optional(ObjectNode node, String field) {
        return textOrNull(node, field);
    }

    private static boolean bool(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new CityFields.InvalidField(field, "must be true or false");
        }
        return value.booleanValue();
    }

    private static CityTicket.Urgency urgency(ObjectNode node) {
        String value = textOrNull(node, "urgency");
        if (value == null) {
            return CityTicket.Urgency.NORMAL;
        }
        try {
            return CityTicket.Urgency.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new CityFields.InvalidField("urgency", "must be NORMAL or URGENT");
        }
    }

    /** {@code attachments: [{name, contentType, content (Base64)}]}; a broken entry names {@code attachments[i].x}. */
    private static java.util.List<CityAttachment> attachments(ObjectNode node) {
        JsonNode value = node.get("attachments");
        if (value == null || value.isNull()) {
            return java.util.List.of();
        }
        if (!value.isArray()) {
            throw new CityFields.InvalidField("attachments", "must be an array of {name, contentType, content}");
        }
        java.util.List<CityAttachment> files = new java.util.ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String at = "attachments[" + i + "]";
            JsonNode item = value.get(i);
            if (!(item instanceof ObjectNode file)) {
                throw new CityFields.InvalidField(at, "must be an object {name, contentType, content}");
            }
            try {
                String content = text(file, "content");
                byte[] bytes;
                try {
                    bytes = java.util.Base64.getDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    throw new CityFields.InvalidField("content", "must be Base64");
                }
                files.add(new CityAttachment(text(file, "name"), text(file, "contentType"), bytes));
            } catch (CityFields.InvalidField invalid) {
                throw new CityFields.InvalidField(
                        at + "." + invalid.field(),
                        invalid.getMessage().substring(invalid.field().length() + 1));
            }
        }
        return files;
    }

    private static @Nullable Instant instant(ObjectNode node, String field) {
        String value = textOrNull(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CityFields.InvalidField(field, "must be an ISO-8601 instant such as 2026-01-05T08:00:00Z");
        }
    }

    private record Receipt(String kind, String sha, int status, String answer) {}

    private Mono<Answer> apply(TenantId tenant, Kind kind, String webhookId, String sha, Command command) {
        return db.sql("INSERT INTO city_webhook_receipt (tenant_id, webhook_id, kind, body_sha256, status, answer)"
                        + " VALUES (:t, :id, :kind, :sha, 0, '{}') ON CONFLICT (tenant_id, webhook_id) DO NOTHING")
                .bind("t", tenant.value())
                .bind("id", webhookId)
                .bind("kind", kind.name())
                .bind("sha", sha)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 1
                        ? effect(tenant, command).flatMap(answer -> store(webhookId, answer))
                        : replay(webhookId, kind, sha));
    }

    private Mono<Answer> replay(String webhookId, Kind kind, String sha) {
        return db.sql("SELECT kind, body_sha256, status, answer::text AS answer FROM city_webhook_receipt"
                        + " WHERE webhook_id = :id")
                .bind("id", webhookId)
                .map(row -> new Receipt(
                        Objects.requireNonNull(row.get("kind", String.class)),
                        Objects.requireNonNull(row.get("body_sha256", String.class)),
                        Objects.requireNonNull(row.get("status", Integer.class)),
                        Objects.requireNonNull(row.get("answer", String.class))))
                .one()
                .map(receipt -> {
                    if (!receipt.kind().equals(kind.name()) || !receipt.sha().equals(sha)) {
                        throw new ProblemException(
                                ProblemCode.CONFLICT,
                                "This webhook-id was already used for a different message; every message needs its"
                                        + " own id.",
                                Map.of("webhookId", webhookId));
                    }
                    return new Answer(receipt.status(), json.readTree(receipt.answer()), true);
                });
    }

    private Mono<Answer> store(String webhookId, Answer answer) {
        return db.sql("UPDATE city_webhook_receipt SET status = :s, answer = CAST(:a AS jsonb) WHERE webhook_id = :id")
                .bind("s", answer.status())
                .bind("a", json.writeValueAsString(answer.body()))
                .bind("id", webhookId)
                .fetch()
                .rowsUpdated()
                .thenReturn(answer);
    }

    private Mono<Answer> effect(TenantId tenant, Command command) {
        return switch (command) {
            case Command.Transfer transfer ->
                intake.accept(tenant, transfer.ticket()).map(result -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("cityTicketNo", transfer.ticket().cityTicketNo());
                    body.put("ticketId", result.ticketId().toString());
                    return switch (result) {
                        case CityTicketIntake.Intake.Accepted a ->
                            new Answer(201, body.put("result", "ACCEPTED"), false);
                        case CityTicketIntake.Intake.AlreadyKnown k ->
                            new Answer(200, body.put("result", "ALREADY_KNOWN"), false);
                    };
                });
            case Command.Urging urging ->
                intake.urge(tenant, urging.urge()).map(result -> switch (result) {
                    case CityTicketIntake.Urge.Urged u -> {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        body.put("cityTicketNo", urging.urge().cityTicketNo());
                        body.put("ticketId", u.ticketId().toString());
                        body.put("urges", u.urges());
                        body.put("result", "URGED");
                        yield new Answer(200, body, false);
                    }
                    // thrown inside the transaction: the receipt is rolled back, so a retry after the ticket arrived
                    // works
                    case CityTicketIntake.Urge.UnknownTicket unknown -> throw unknown(unknown.cityTicketNo());
                });
            case Command.Query query ->
                intake.status(tenant, query.cityTicketNo()).map(result -> switch (result) {
                    case CityTicketIntake.Status.Known k -> {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        body.put("cityTicketNo", query.cityTicketNo());
                        body.put("ticketId", k.ticketId().toString());
                        body.put("state", k.state());
                        body.put("urges", k.urges());
                        body.put("updatedAt", k.updatedAt().toString());
                        yield new Answer(200, body, false);
                    }
                    case CityTicketIntake.Status.UnknownTicket unknown -> throw unknown(unknown.cityTicketNo());
                });
        };
    }

    private static ProblemException unknown(String cityTicketNo) {
        return new ProblemException(
                ProblemCode.NOT_FOUND,
                "No ticket was transferred under city number " + cityTicketNo + ".",
                Map.of("field", "cityTicketNo"));
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
