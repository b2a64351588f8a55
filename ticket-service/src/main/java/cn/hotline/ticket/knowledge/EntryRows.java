package cn.hotline.ticket.knowledge;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes kb_entry rows. */
final class EntryRows {

    static final String COLUMNS = "id, kind, title, body, tags, category, tier, scope_unit, owner, unit_code,"
            + " contacts::text AS contacts, status, valid_from, valid_to, version, updated_by, updated_at, revises";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Contact>> CONTACTS = new TypeReference<>() {};

    private EntryRows() {}

    static Entry entry(Readable row) {
        String[] tags = row.get("tags", String[].class);
        EntryContent content = new EntryContent(
                EntryKind.valueOf(text(row, "kind")),
                text(row, "title"),
                text(row, "body"),
                tags == null ? List.of() : Arrays.asList(tags),
                text(row, "category"),
                Tier.valueOf(text(row, "tier")),
                row.get("scope_unit", String.class),
                row.get("unit_code", String.class),
                contacts(row.get("contacts", String.class)),
                row.get("valid_from", LocalDate.class),
                row.get("valid_to", LocalDate.class));
        return new Entry(
                Objects.requireNonNull(row.get("id", UUID.class)),
                content,
                EntryStatus.valueOf(text(row, "status")),
                Objects.requireNonNull(row.get("version", Integer.class)),
                text(row, "owner"),
                text(row, "updated_by"),
                instant(row, "updated_at"),
                row.get("revises", UUID.class));
    }

    static String text(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, String.class), column);
    }

    static Instant instant(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, OffsetDateTime.class), column)
                .toInstant();
    }

    static List<Contact> contacts(@Nullable String json) {
        return json == null || json.isBlank() ? List.of() : JSON.readValue(json, CONTACTS);
    }

    static Json contactsJson(List<Contact> contacts) {
        return Json.of(JSON.writeValueAsString(contacts));
    }
}
