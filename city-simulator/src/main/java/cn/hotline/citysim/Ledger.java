package cn.hotline.citysim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What the simulated city received: one effect per (tenant, idempotency key), every further copy counted as a
 * duplicate, a copy with another body under the same key counted as a conflict (it would mean the platform reused a
 * key for a different change).
 */
@Component
final class Ledger {

    /** The effect of one key: the body digest of its first copy and how many signed copies arrived. */
    record Effect(String tenant, String key, String sha256, String body, AtomicInteger copies) {}

    /** The outcome of recording one copy. */
    enum Recorded {
        NEW,
        DUPLICATE,
        CONFLICT
    }

    private final Map<String, Effect> effects = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong injectedFailures = new AtomicLong();
    final AtomicLong injectedTimeouts = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();

    Recorded record(String tenant, String key, byte[] body) {
        String sha = sha256(body);
        Effect fresh = new Effect(
                tenant, key, sha, new String(body, java.nio.charset.StandardCharsets.UTF_8), new AtomicInteger(1));
        Effect existing = effects.putIfAbsent(tenant + "\u0000" + key, fresh);
        if (existing == null) {
            return Recorded.NEW;
        }
        existing.copies().incrementAndGet();
        if (!existing.sha256().equals(sha)) {
            conflicts.incrementAndGet();
            return Recorded.CONFLICT;
        }
        duplicates.incrementAndGet();
        return Recorded.DUPLICATE;
    }

    /** The summary the tests and the demo read. */
    record Summary(
            long requests,
            long rejected,
            long injectedFailures,
            long injectedTimeouts,
            long effects,
            long duplicates,
            long conflicts,
            Map<String, Integer> copiesPerKey) {}

    Summary summary(String tenant) {
        Map<String, Integer> copies = new TreeMap<>();
        effects.values().stream()
                .filter(e -> tenant.isEmpty() || e.tenant().equals(tenant))
                .forEach(e -> copies.put(e.key(), e.copies().get()));
        return new Summary(
                requests.get(),
                rejected.get(),
                injectedFailures.get(),
                injectedTimeouts.get(),
                copies.size(),
                duplicates.get(),
                conflicts.get(),
                copies);
    }

    List<Effect> effects(String tenant) {
        return effects.values().stream().filter(e -> e.tenant().equals(tenant)).toList();
    }

    void clear() {
        effects.clear();
        for (AtomicLong counter :
                List.of(requests, rejected, injectedFailures, injectedTimeouts, duplicates, conflicts)) {
            counter.set(0);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
