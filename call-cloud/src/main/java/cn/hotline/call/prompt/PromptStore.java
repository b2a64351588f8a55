package cn.hotline.call.prompt;

import cn.hotline.kernel.id.TenantId;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code prompt} table (forced RLS): one row per prompt of the bound tenant. */
final class PromptStore {

    private final DatabaseClient db;

    PromptStore(DatabaseClient db) {
        this.db = db;
    }

    Mono<PromptInfo> upsert(PromptInfo info, String objectKey) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        """
                        INSERT INTO prompt (tenant_id, name, source, text, format, duration_ms, size_bytes,
                                            object_key, created_at)
                        VALUES (app_tenant(), $1, $2, $3, $4, $5, $6, $7, now())
                        ON CONFLICT (tenant_id, name) DO UPDATE SET source = excluded.source, text = excluded.text,
                            format = excluded.format, duration_ms = excluded.duration_ms,
                            size_bytes = excluded.size_bytes, object_key = excluded.object_key,
                            created_at = excluded.created_at
                        RETURNING name, source, text, format, duration_ms, size_bytes, created_at
                        """)
                .bind(0, info.name())
                .bind(1, info.source());
        spec = info.text() == null ? spec.bindNull(2, String.class) : spec.bind(2, info.text());
        return spec.bind(3, info.format().name())
                .bind(4, info.durationMillis())
                .bind(5, info.sizeBytes())
                .bind(6, objectKey)
                .map(PromptStore::info)
                .one();
    }

    Flux<PromptInfo> list() {
        return db.sql(
                        "SELECT name, source, text, format, duration_ms, size_bytes, created_at FROM prompt ORDER BY name")
                .map(PromptStore::info)
                .all();
    }

    Mono<PromptInfo> find(PromptName name) {
        return db.sql("SELECT name, source, text, format, duration_ms, size_bytes, created_at FROM prompt"
                        + " WHERE name = $1")
                .bind(0, name.value())
                .map(PromptStore::info)
                .one();
    }

    /** Locks the row against concurrent publishing (which takes it FOR SHARE); empty when absent. */
    Mono<String> lockForDelete(PromptName name) {
        return db.sql("SELECT object_key FROM prompt WHERE name = $1 FOR UPDATE")
                .bind(0, name.value())
                .map(row -> required(row.get(0, String.class)))
                .one();
    }

    Mono<Long> delete(PromptName name) {
        return db.sql("DELETE FROM prompt WHERE name = $1")
                .bind(0, name.value())
                .fetch()
                .rowsUpdated();
    }

    Mono<String> objectKey(PromptName name) {
        return db.sql("SELECT object_key FROM prompt WHERE name = $1")
                .bind(0, name.value())
                .map(row -> required(row.get(0, String.class)))
                .one();
    }

    static String bucket(String prefix, TenantId tenant) {
        return prefix + tenant.value();
    }

    private static PromptInfo info(Readable row) {
        OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
        Long duration = row.get("duration_ms", Long.class);
        Long size = row.get("size_bytes", Long.class);
        return new PromptInfo(
                required(row.get("name", String.class)),
                required(row.get("source", String.class)),
                row.get("text", String.class),
                AudioFormat.valueOf(required(row.get("format", String.class))),
                duration == null ? 0 : duration,
                size == null ? 0 : size,
                created == null ? Instant.EPOCH : created.toInstant());
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("a NOT NULL column was null");
        }
        return value;
    }
}
