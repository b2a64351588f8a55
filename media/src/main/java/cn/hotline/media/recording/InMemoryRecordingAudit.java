package cn.hotline.media.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit in memory: for local runs and tests only, it is lost with the process. */
public final class InMemoryRecordingAudit implements RecordingAudit {

    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return Mono.fromRunnable(() -> entries.add(entry));
    }

    @Override
    public Flux<AuditEntry> entries(TenantId tenant, CallId call) {
        return Flux.fromIterable(entries)
                .filter(entry -> entry.tenant().equals(tenant) && entry.call().equals(call));
    }
}
