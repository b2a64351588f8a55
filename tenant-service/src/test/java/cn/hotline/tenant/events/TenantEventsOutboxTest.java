package cn.hotline.tenant.events;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantActivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantDeactivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantReactivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantSuspended;
import cn.hotline.tenant.registry.Tenant;
import cn.hotline.tenant.registry.TenantStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantEventsOutboxTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

    private static Tenant tenant(TenantStatus status) {
        return new Tenant(TenantId.of("shushan"), "蜀山区", "DISTRICT", List.of("055165312345"), status, null, AT, AT);
    }

    @Test
    void becomingActiveAfterProvisioningIsAnActivation() {
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.ACTIVE), EnumSet.of(TenantStatus.PROVISIONING), null, CLOCK))
                .contains(new TenantActivated("shushan", "ACTIVE", "蜀山区", "DISTRICT", List.of("055165312345"), AT));
    }

    @Test
    void becomingActiveAfterASuspensionIsAReactivation() {
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.ACTIVE), EnumSet.of(TenantStatus.SUSPENDED), null, CLOCK))
                .contains(new TenantReactivated("shushan", "ACTIVE", AT));
    }

    @Test
    void suspensionAndDeactivationCarryTheReason() {
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.SUSPENDED), EnumSet.of(TenantStatus.ACTIVE), "unpaid", CLOCK))
                .contains(new TenantSuspended("shushan", "SUSPENDED", "unpaid", AT));
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.DEACTIVATED),
                        EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED),
                        "closed",
                        CLOCK))
                .contains(new TenantDeactivated("shushan", "DEACTIVATED", "closed", AT));
    }

    @Test
    void provisioningStatesAreNoLifecycleEvents() {
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.PROVISIONING_FAILED), EnumSet.of(TenantStatus.PROVISIONING), "x", CLOCK))
                .isEmpty();
        assertThat(TenantEventsOutbox.event(
                        tenant(TenantStatus.PROVISIONING), EnumSet.of(TenantStatus.PROVISIONING_FAILED), null, CLOCK))
                .isEmpty();
    }

    @Test
    void theWireEnvelopeNamesTheTenantBySlugAndTheTypeInThePastTense() {
        EventEnvelope<TenantLifecycleEvent> envelope =
                EventEnvelope.of(TenantId.of("shushan"), new TenantReactivated("shushan", "ACTIVE", AT), AT, null);

        Map<String, Object> wire = TenantEventsOutbox.wire(envelope);

        assertThat(wire)
                .containsEntry("type", "TenantReactivated")
                .containsEntry("version", 1)
                .containsEntry("tenant", "shushan")
                .containsEntry("occurredAt", "2026-11-23T08:00:00Z")
                .containsEntry("id", envelope.id().toString());
    }
}
