package cn.hotline.workforce.quality;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The monthly random sample (抽检): for each agent, {@code ceil(rate × calls)} of the agent's answered calls of the
 * month — at least one for an agent with any call, so the floor holds for agents with few calls too. Deterministic and
 * auditable: every call gets the key HMAC-SHA256(seed, period | agent | call); an agent's calls are ranked by key and
 * the first ones are taken. Anyone with the seed can recompute the sample; without it, nobody can predict it.
 */
public final class Sampler {

    private final String seed;
    private final double rate;

    public Sampler(String seed, double rate) {
        if (seed == null || seed.length() < 8) {
            throw new IllegalArgumentException("the sampling seed needs at least 8 characters");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in (0, 1]");
        }
        this.seed = seed;
        this.rate = rate;
    }

    /** One sampled call and its rank (1 = smallest key) among the agent's calls of the period. */
    public record Pick(String agent, UUID call, int rank, String key) {}

    /** How many of {@code calls} calls are sampled: ceil(rate × calls), exact for rates like 0.05. */
    public int quota(int calls) {
        if (calls <= 0) {
            return 0;
        }
        // ceil without floating error: 5 % of 20 is exactly 1, not 1.0000000000000002 → 2
        long scaled = Math.round(rate * 1_000_000);
        return (int) Math.min(calls, (calls * scaled + 999_999) / 1_000_000);
    }

    /** The sample of {@code period} ({@code yyyy-MM}); the result is ordered by agent, then rank. */
    public List<Pick> sample(String period, Map<String, List<UUID>> callsByAgent) {
        List<Pick> picks = new ArrayList<>();
        for (var entry : new TreeMap<>(callsByAgent).entrySet()) {
            String agent = entry.getKey();
            List<Keyed> keyed = entry.getValue().stream()
                    .distinct()
                    .map(call -> new Keyed(call, key(period, agent, call)))
                    .sorted(Comparator.comparing(Keyed::key))
                    .toList();
            int take = quota(keyed.size());
            for (int i = 0; i < take; i++) {
                picks.add(
                        new Pick(agent, keyed.get(i).call(), i + 1, keyed.get(i).key()));
            }
        }
        return picks;
    }

    private record Keyed(UUID call, String key) {}

    String key(String period, String agent, UUID call) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal((period + "|" + agent + "|" + call).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
