package cn.hotline.auth.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * One RS256 key set for all issuers (ADR 0002 §2), kept in {@code cc_auth.signing_key} so that tokens
 * stay valid across restarts and instances. The first instance to start creates the key.
 *
 * <p>Weak spot, stated: the private key is stored unencrypted in the database; production would keep
 * it in a KMS/HSM (密评) and rotate it.
 */
public final class SigningKeys {

    private SigningKeys() {}

    public static JWKSource<SecurityContext> load(JdbcOperations jdbc) {
        List<RSAKey> keys = read(jdbc);
        if (keys.isEmpty()) {
            KeyPair pair = generate();
            jdbc.update(
                    "insert into signing_key (kid, private_key, public_key) values (?, ?, ?) on conflict do nothing",
                    UUID.nameUUIDFromBytes(pair.getPublic().getEncoded()).toString(),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            keys = read(jdbc);
        }
        return new ImmutableJWKSet<>(new JWKSet(keys.getFirst()));
    }

    private static List<RSAKey> read(JdbcOperations jdbc) {
        return jdbc.query(
                "select kid, private_key, public_key from signing_key order by created_at desc, kid limit 1",
                (row, n) -> toJwk(row.getString(1), row.getString(2), row.getString(3)));
    }

    private static RSAKey toJwk(String kid, String privateKey, String publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateRsa = (RSAPrivateKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            RSAPublicKey publicRsa = (RSAPublicKey) rsa.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            return new RSAKey.Builder(publicRsa)
                    .privateKey(privateRsa)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be read", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }
}
