package cn.hotline.tenant.directory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id password and secret hashes in Spring Security's delegating format ({@code
 * {argon2@SpringSecurity_v5_8}$argon2id$...}), so auth-server's standard {@code DelegatingPasswordEncoder} verifies
 * the client secrets it reads from us. Hashing is CPU-bound and salts come from {@code SecureRandom}: both run on
 * {@code boundedElastic}, never on an event loop.
 */
@Component
public final class PasswordHashing {

    static final String ID = "argon2@SpringSecurity_v5_8";

    private final PasswordEncoder encoder;
    private final String dummyHash;
    private final SecureRandom random = new SecureRandom();

    public PasswordHashing() {
        Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        this.encoder = new DelegatingPasswordEncoder(ID, Map.of(ID, argon2));
        // Compared against when the user does not exist, so that an unknown username costs as much as a known one.
        this.dummyHash = encoder.encode("no such user: constant-time placeholder");
    }

    public Mono<String> hash(String raw) {
        return Mono.fromCallable(() -> encoder.encode(raw)).subscribeOn(Schedulers.boundedElastic());
    }

    public Mono<Boolean> matches(String raw, String hash) {
        return Mono.fromCallable(() -> encoder.matches(raw, hash)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Spends the time a real verification would, and answers false. */
    public Mono<Boolean> burn(String raw) {
        return matches(raw, dummyHash).map(ignored -> false);
    }

    /** A new random secret (32 bytes, base64url), for API clients. */
    public Mono<String> newSecret() {
        return Mono.fromCallable(() -> {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
