package cn.hotline.workforce.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** A simulated month: agents with 1, 7, 19, 20, 21, 40, 99, 100, 101 and 437 answered calls. */
    private static Map<String, List<UUID>> month(long seed) {
        Random random = new Random(seed);
        Map<String, List<UUID>> calls = new LinkedHashMap<>();
        for (int n : new int[] {1, 7, 19, 20, 21, 40, 99, 100, 101, 437}) {
            List<UUID> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(new UUID(random.nextLong(), random.nextLong()));
            }
            calls.put("agent-" + n, list);
        }
        return calls;
    }

    @Test
    void everyAgentGetsAtLeastFivePercentRoundedUpAndAtLeastOneCall() {
        Sampler sampler = new Sampler("2026-11-audit-seed", 0.05);
        Map<String, List<UUID>> calls = month(1);
        Map<String, Long> sampled = sampler.sample("2026-10", calls).stream()
                .collect(Collectors.groupingBy(Sampler.Pick::agent, Collectors.counting()));
        Map<String, Long> expected = Map.of(
                "agent-1",
                1L,
                "agent-7",
                1L,
                "agent-19",
                1L,
                "agent-20",
                1L,
                "agent-21",
                2L,
                "agent-40",
                2L,
                "agent-99",
                5L,
                "agent-100",
                5L,
                "agent-101",
                6L,
                "agent-437",
                22L);
        assertThat(sampled).isEqualTo(expected);
        calls.forEach(
                (agent, list) -> assertThat((double) sampled.get(agent)).isGreaterThanOrEqualTo(0.05 * list.size()));
    }

    @Test
    void theQuotaIsTheCeilingOfTheRateForEveryCallCount() {
        Sampler sampler = new Sampler("any-seed-123", 0.05);
        for (int n = 0; n <= 2000; n++) {
            int quota = sampler.quota(n);
            assertThat(quota).as("calls " + n).isEqualTo((int) Math.ceil(n / 20.0));
            assertThat(quota * 20).as("calls " + n).isGreaterThanOrEqualTo(n);
        }
        assertThat(new Sampler("any-seed-123", 0.1).quota(7)).isEqualTo(1);
        assertThat(new Sampler("any-seed-123", 0.1).quota(11)).isEqualTo(2);
    }

    @Test
    void theSameSeedGivesTheSameSampleAndAnotherSeedAnother() {
        Map<String, List<UUID>> calls = month(2);
        List<Sampler.Pick> first = new Sampler("seed-of-november", 0.05).sample("2026-11", calls);
        Map<String, List<UUID>> shuffled = new LinkedHashMap<>();
        calls.forEach((agent, list) -> {
            List<UUID> copy = new ArrayList<>(list);
            java.util.Collections.reverse(copy);
            shuffled.put(agent, copy);
        });
        assertThat(new Sampler("seed-of-november", 0.05).sample("2026-11", shuffled))
                .as("the order calls arrive in does not matter")
                .isEqualTo(first);
        Set<UUID> other = new HashSet<>();
        new Sampler("another-seed!", 0.05).sample("2026-11", calls).forEach(p -> other.add(p.call()));
        assertThat(other).isNotEqualTo(first.stream().map(Sampler.Pick::call).collect(Collectors.toSet()));
    }

    @Test
    void aPickCanBeRecomputedFromTheSeed() {
        Sampler sampler = new Sampler("seed-of-november", 0.05);
        Sampler.Pick pick = sampler.sample("2026-11", month(3)).getFirst();
        assertThat(sampler.key("2026-11", pick.agent(), pick.call())).isEqualTo(pick.key());
        assertThat(pick.rank()).isEqualTo(1);
    }

    @Test
    void refusesRatesBelowTheFloorOfTheSamplerAndShortSeeds() {
        assertThatThrownBy(() -> new Sampler("short", 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sampler("long-enough", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QualityProperties(null, 0.04, null, null, null, null, null, null))
                .hasMessageContaining("5 %");
    }
}
