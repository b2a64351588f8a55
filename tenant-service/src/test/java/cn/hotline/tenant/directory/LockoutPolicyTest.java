package cn.hotline.tenant.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private final LockoutPolicy policy = LockoutPolicy.standard();

    @Test
    void locksOnTheFifthConsecutiveFailure() {
        assertThat(policy.locks(4)).isFalse();
        assertThat(policy.locks(5)).isTrue();
    }

    @Test
    void lockDoublesFromOneMinuteAndStopsAtOneDay() {
        assertThat(policy.lockFor(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.lockFor(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.lockFor(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(policy.lockFor(12)).isEqualTo(Duration.ofDays(1));
        assertThat(policy.lockFor(1000)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> policy.lockFor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockoutPolicy(0, Duration.ofMinutes(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permissionCodesRoundTripAndDefaultRolesKeepOperatorOutOfTenants() {
        for (Permission p : Permission.values()) {
            assertThat(Permission.fromCode(p.code())).isEqualTo(p);
        }
        assertThat(DefaultRoles.forTenant()).extracting(TenantRole::code).doesNotContain(DefaultRoles.OPERATOR);
        assertThat(DefaultRoles.forTenant())
                .extracting(TenantRole::code)
                .containsExactly("TENANT_ADMIN", "SUPERVISOR", "AGENT", "TICKET_CLERK", "UNIT_USER", "CITY_PLATFORM");
    }
}
