package cn.hotline.media.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where audit entries of recordings are kept. The consuming service implements it on its own tenant-guarded table;
 * {@link InMemoryRecordingAudit} serves local runs and tests. An entry that cannot be written fails the operation it
 * describes: no play without its audit entry.
 */
public interface RecordingAudit {

    Mono<Void> append(AuditEntry entry);

    /** The entries of one call of one tenant, oldest first. */
    Flux<AuditEntry> entries(TenantId tenant, CallId call);
}
