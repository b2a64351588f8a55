package cn.hotline.auth.issuer;

import cn.hotline.auth.AuthProperties;
import cn.hotline.auth.directory.ApiClient;
import cn.hotline.auth.directory.DirectoryUnavailableException;
import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.token.TenantClaims;
import cn.hotline.kernel.id.TenantId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients each issuer knows. A client is always looked up for one tenant, the issuer's, and its
 * registered id is {@code {clientId}@{tenant}}:
 * <ul>
 *   <li>{@code console-bff}: the gateway's confidential client (authorization code + PKCE + rotating
 *       refresh tokens) on every issuer, redirecting to {@code {gateway}/login/oauth2/code/{tenant}};
 *   <li>any other client id: an API client of that tenant from tenant-service (client credentials), so
 *       a client of one tenant is unknown on every other tenant's issuer.
 * </ul>
 */
public final class TenantClientRepository implements RegisteredClientRepository {

    public static final String CONSOLE_CLIENT_ID = "console-bff";

    private static final Logger log = LoggerFactory.getLogger(TenantClientRepository.class);

    private final TenantDirectory directory;
    private final AuthProperties properties;
    private final String consoleSecretHash;

    public TenantClientRepository(TenantDirectory directory, AuthProperties properties, PasswordEncoder encoder) {
        this.directory = directory;
        this.properties = properties;
        this.consoleSecretHash = encoder.encode(properties.consoleClientSecret());
    }

    /**
     * Nothing to keep: clients come from configuration (console-bff) and tenant-service (API clients).
     * Spring Authorization Server calls this after a client authenticates, to store a re-hashed secret
     * when the encoding is not the current default; re-hashing belongs to tenant-service, which owns them.
     */
    @Override
    public void save(RegisteredClient registeredClient) {
        log.debug("not re-hashing the secret of client {}: tenant-service owns it", registeredClient.getId());
    }

    @Override
    public @Nullable RegisteredClient findById(String id) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        try {
            return find(TenantId.of(id.substring(at + 1)), id.substring(0, at));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public @Nullable RegisteredClient findByClientId(String clientId) {
        Optional<TenantId> tenant = Issuers.currentTenant();
        return tenant.map(t -> find(t, clientId)).orElse(null);
    }

    private @Nullable RegisteredClient find(TenantId tenant, String clientId) {
        if (CONSOLE_CLIENT_ID.equals(clientId)) {
            return console(tenant);
        }
        if (tenant.equals(Issuers.PLATFORM)) {
            return null;
        }
        try {
            return directory
                    .client(tenant, clientId)
                    .map(client -> apiClient(tenant, client))
                    .orElse(null);
        } catch (DirectoryUnavailableException e) {
            log.warn("cannot look up client {} of {}: {}", clientId, tenant, e.getMessage());
            return null;
        }
    }

    private RegisteredClient console(TenantId tenant) {
        return RegisteredClient.withId(CONSOLE_CLIENT_ID + "@" + tenant.value())
                .clientId(CONSOLE_CLIENT_ID)
                .clientSecret(consoleSecretHash)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(properties.gatewayBase() + "/login/oauth2/code/" + tenant.value())
                .postLogoutRedirectUri(properties.gatewayBase() + "/")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .refreshTokenTimeToLive(properties.refreshTokenTtl())
                        .reuseRefreshTokens(false)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build();
    }

    private @Nullable RegisteredClient apiClient(TenantId tenant, ApiClient client) {
        // API clients get client credentials only: no redirect URIs, no user, no refresh tokens
        if (!client.grantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue())) {
            log.warn("client {} of {} has no client_credentials grant; ignored", client.clientId(), tenant);
            return null;
        }
        RegisteredClient.Builder registered = RegisteredClient.withId(client.clientId() + "@" + tenant.value())
                .clientId(client.clientId())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .build());
        ClientSettings.Builder settings =
                ClientSettings.builder().setting(TenantClaims.ROLES_SETTING, List.copyOf(client.roles()));
        if (client.jwkSetUrl() != null) {
            // private_key_jwt: the client signs an assertion; we only know where its public keys are
            registered.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            settings.jwkSetUrl(client.jwkSetUrl())
                    .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
        }
        if (client.secretHash() != null) {
            registered
                    .clientSecret(client.secretHash())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        return registered.clientSettings(settings.build()).build();
    }
}
