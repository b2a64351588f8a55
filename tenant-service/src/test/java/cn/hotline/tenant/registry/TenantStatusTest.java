package cn.hotline.tenant.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TenantStatusTest {

    @Test
    void aFailedProvisioningCanOnlyBeRetriedOrDeactivated() {
        assertThat(TenantStatus.PROVISIONING_FAILED.next())
                .containsExactlyInAnyOrder(TenantStatus.PROVISIONING, TenantStatus.DEACTIVATED);
    }

    @Test
    void onlyASuspendedTenantCanBeReactivatedAndOnlyAnActiveOneSuspended() {
        assertThat(TenantStatus.allowedBefore(TenantStatus.SUSPENDED)).containsExactly(TenantStatus.ACTIVE);
        assertThat(TenantStatus.SUSPENDED.canBecome(TenantStatus.ACTIVE)).isTrue();
        assertThat(TenantStatus.PROVISIONING_FAILED.canBecome(TenantStatus.ACTIVE))
                .isFalse();
    }

    @Test
    void deactivationIsFinal() {
        assertThat(TenantStatus.DEACTIVATED.next()).isEmpty();
        assertThat(TenantStatus.allowedBefore(TenantStatus.DEACTIVATED))
                .isEqualTo(EnumSet.of(TenantStatus.ACTIVE, TenantStatus.SUSPENDED, TenantStatus.PROVISIONING_FAILED));
    }

    @Test
    void noStateLeadsBackIntoProvisioningExceptAFailedOne() {
        assertThat(TenantStatus.allowedBefore(TenantStatus.PROVISIONING))
                .containsExactly(TenantStatus.PROVISIONING_FAILED);
    }
}
