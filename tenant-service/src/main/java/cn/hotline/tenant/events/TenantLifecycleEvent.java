package cn.hotline.tenant.events;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The payloads of the {@code platform.tenants} topic (version 1), past-tense records in an {@code EventEnvelope}.
 * Consumers read them as JSON ({@code payload.tenant}, {@code payload.status} …), not through this class.
 */
public sealed interface TenantLifecycleEvent {

    String tenant();

    /** The status after the change. */
    String status();

    Instant at();

    /** The tenant finished provisioning and now serves: its Pulsar namespaces, bucket and quotas exist. */
    record TenantActivated(
            String tenant, String status, String name, String kind, List<String> hotlineNumbers, Instant at)
            implements TenantLifecycleEvent {
        public TenantActivated {
            hotlineNumbers = List.copyOf(hotlineNumbers);
        }
    }

    /** The operator suspended the tenant: no sign-ins, no new calls; its data stays. */
    record TenantSuspended(String tenant, String status, @Nullable String reason, Instant at)
            implements TenantLifecycleEvent {}

    /** A suspended tenant serves again. */
    record TenantReactivated(String tenant, String status, Instant at) implements TenantLifecycleEvent {}

    /** Soft deletion: the tenant serves no more; nothing was removed (recordings stay under retention). */
    record TenantDeactivated(String tenant, String status, @Nullable String reason, Instant at)
            implements TenantLifecycleEvent {}
}
