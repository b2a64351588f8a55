package cn.hotline.gateway.security;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.SecurityProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import reactor.core.publisher.Mono;

/**
 * One client registration per tenant, keyed by the tenant slug: the gateway is the confidential client
 * {@code console-bff} on each tenant's issuer {@code {issuer-base}/t/{tenant}} (the operator's is
 * {@code platform}). Built from the issuer's well-known endpoint paths (Spring Authorization Server
 * prefixes them with the issuer path), so no discovery call is made; an id that is not a tenant slug
 * has no registration. Whether the tenant exists and is active is the issuer's to say.
 */
public final class TenantClientRegistrations implements ReactiveClientRegistrationRepository {

    private static final int MAX_CACHED = 10_000;

    private final SecurityProperties security;
    private final BffProperties bff;
    private final Map<String, ClientRegistration> cache = new ConcurrentHashMap<>();

    public TenantClientRegistrations(SecurityProperties security, BffProperties bff) {
        this.security = security;
        this.bff = bff;
    }

    @Override
    public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
        if (!isTenantSlug(registrationId)) {
            return Mono.empty();
        }
        ClientRegistration cached = cache.get(registrationId);
        if (cached != null) {
            return Mono.just(cached);
        }
        ClientRegistration built = build(registrationId);
        if (cache.size() < MAX_CACHED) {
            cache.put(registrationId, built);
        }
        return Mono.just(built);
    }

    ClientRegistration build(String tenant) {
        String issuer = security.issuerOf(tenant);
        String browserIssuer = bff.browserIssuerBase() == null
                ? issuer
                : stripSlash(bff.browserIssuerBase().toString()) + "/t/" + tenant;
        String backchannel = bff.backchannelIssuerBase() == null
                ? issuer
                : stripSlash(bff.backchannelIssuerBase().toString()) + "/t/" + tenant;
        return ClientRegistration.withRegistrationId(tenant)
                .clientId(bff.clientId())
                .clientSecret(bff.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(bff.scopes())
                .issuerUri(issuer)
                .authorizationUri(browserIssuer + "/oauth2/authorize")
                .tokenUri(backchannel + "/oauth2/token")
                .jwkSetUri(backchannel + "/oauth2/jwks")
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .providerConfigurationMetadata(Map.of("end_session_endpoint", browserIssuer + "/connect/logout"))
                .clientName(tenant)
                .build();
    }

    private static boolean isTenantSlug(String id) {
        try {
            TenantId.of(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
