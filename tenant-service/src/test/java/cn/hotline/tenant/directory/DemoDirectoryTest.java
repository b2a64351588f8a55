package cn.hotline.tenant.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDirectoryTest {

    private static long count(List<DemoDirectory.DemoUser> users, String role) {
        return users.stream().filter(u -> u.role().equals(role)).count();
    }

    @Test
    void shushanHasThirteenAgentsAndOneManager() {
        var users = DemoDirectory.accounts("shushan");
        assertThat(count(users, DefaultRoles.AGENT)).isEqualTo(13);
        assertThat(count(users, DefaultRoles.SUPERVISOR)).isEqualTo(1);
        assertThat(users).extracting(DemoDirectory.DemoUser::username).contains("agent01", "agent13", "manager");
    }

    @Test
    void xuzhouHasTwelveAgentsAndOneManager() {
        var users = DemoDirectory.accounts("xuzhou-yb");
        assertThat(count(users, DefaultRoles.AGENT)).isEqualTo(12);
        assertThat(count(users, DefaultRoles.SUPERVISOR)).isEqualTo(1);
    }

    @Test
    void nanningSpreadsTensOfAgentsOverItsWorkstationsEachWithASupervisor() {
        var users = DemoDirectory.accounts("nanning");
        assertThat(count(users, DefaultRoles.AGENT)).isEqualTo(30);
        for (String ws : DemoDirectory.NANNING_WORKSTATIONS) {
            assertThat(users)
                    .filteredOn(u -> ("nanning." + ws).equals(u.workstation()))
                    .extracting(DemoDirectory.DemoUser::role)
                    .containsOnlyOnce(DefaultRoles.SUPERVISOR)
                    .hasSize(7);
        }
    }

    @Test
    void seatNumbersAndLoginsAreUniquePerTenant() {
        for (var users : DemoDirectory.all().values()) {
            var seats = users.stream()
                    .map(DemoDirectory.DemoUser::seatNo)
                    .filter(s -> s != null)
                    .toList();
            assertThat(seats).doesNotHaveDuplicates();
            assertThat(users).extracting(DemoDirectory.DemoUser::username).doesNotHaveDuplicates();
            for (var user : users) {
                new NewUser(
                        user.username(),
                        user.name(),
                        DemoDirectory.PASSWORD,
                        user.workstation(),
                        List.of(user.role()),
                        null);
            }
        }
    }
}
