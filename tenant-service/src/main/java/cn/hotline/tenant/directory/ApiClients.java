package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The city platform's API client of a tenant (client credentials): auth-server reads it through the internal API, a
 * tenant admin creates it or rotates its secret; the secret is shown once and stored only as an Argon2id hash.
 */
@Component
public final class ApiClients {

    static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final List<String> GRANT_TYPES = List.of("client_credentials");
    static final List<String> SCOPES = List.of("city.exchange");
    static final List<String> ROLES = List.of(DefaultRoles.CITY_PLATFORM);

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final PasswordHashing passwords;
    private final DirectoryAudit audit;

    public ApiClients(DatabaseClient db, TenantTransactions tx, PasswordHashing passwords, DirectoryAudit audit) {
        this.db = db;
        this.tx = tx;
        this.passwords = passwords;
        this.audit = audit;
    }

    /** What auth-server needs to authenticate the client. */
    public record ClientRegistration(
            String clientId, String secretHash, List<String> grantTypes, List<String> scopes, List<String> roles) {}

    /** A freshly issued secret: returned once, never stored in clear. */
    public record IssuedSecret(String clientId, String clientSecret, List<String> grantTypes, List<String> scopes) {}

    public Mono<ClientRegistration> find(TenantId tenant, String clientId) {
        return tx.run(
                TenantContext.of(tenant),
                db.sql("SELECT client_id, secret_hash, grant_types, scopes, roles FROM directory_api_client"
                                + " WHERE client_id = :c")
                        .bind("c", clientId)
                        .map(row -> new ClientRegistration(
                                Objects.requireNonNull(row.get("client_id", String.class)),
                                Objects.requireNonNull(row.get("secret_hash", String.class)),
                                Arrays.asList(Objects.requireNonNull(row.get("grant_types", String[].class))),
                                Arrays.asList(Objects.requireNonNull(row.get("scopes", String[].class))),
                                Arrays.asList(Objects.requireNonNull(row.get("roles", String[].class)))))
                        .one());
    }

    /** Creates the client, or gives an existing one a new secret (the old one stops working at once). */
    public Mono<IssuedSecret> issueSecret(TenantContext context, String tenant, String clientId, String actor) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "client id must be 3-64 characters a-z, 0-9, '.', '_' or '-'"));
        }
        return passwords.newSecret().flatMap(secret -> passwords
                .hash(secret)
                .flatMap(hash -> tx.run(
                        context,
                        db.sql("INSERT INTO directory_api_client (tenant_id, client_id, secret_hash, grant_types,"
                                        + " scopes, roles) VALUES (:t, :c, :h, :g, :s, :r)"
                                        + " ON CONFLICT (tenant_id, client_id) DO UPDATE SET secret_hash ="
                                        + " excluded.secret_hash, rotated_at = now()")
                                .bind("t", tenant)
                                .bind("c", clientId)
                                .bind("h", hash)
                                .bind("g", GRANT_TYPES.toArray(String[]::new))
                                .bind("s", SCOPES.toArray(String[]::new))
                                .bind("r", ROLES.toArray(String[]::new))
                                .fetch()
                                .rowsUpdated()))
                .then(audit.clientSecretIssued(tenant, actor, clientId))
                .thenReturn(new IssuedSecret(clientId, secret, GRANT_TYPES, SCOPES)));
    }
}
