package cn.hotline.auth.login;

import cn.hotline.auth.directory.DirectoryUnavailableException;
import cn.hotline.auth.directory.Federation;
import cn.hotline.auth.directory.LoginOutcome;
import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.directory.TenantInfo;
import cn.hotline.auth.federation.FederationFailedException;
import cn.hotline.auth.federation.UpstreamProviders;
import cn.hotline.kernel.id.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Login through the tenant's government identity platform (R-TEN-4): {@code /t/{tenant}/federation/start}
 * sends the browser upstream; {@code /t/{tenant}/federation/callback} verifies the answer, asks
 * tenant-service which local account the upstream subject is linked to, and signs that account in exactly
 * like a password login (same session, same return to the authorization request).
 */
@Controller
final class FederatedLogin {

    private static final Logger log = LoggerFactory.getLogger(FederatedLogin.class);
    static final String PENDING = FederatedLogin.class.getName() + ".pending";

    private final TenantDirectory directory;
    private final UpstreamProviders upstream;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

    FederatedLogin(TenantDirectory directory, UpstreamProviders upstream) {
        this.directory = directory;
        this.upstream = upstream;
    }

    @GetMapping("/t/{tenant}/federation/start")
    void start(@PathVariable String tenant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        TenantId id = TenantId.of(tenant);
        Optional<Federation> federation = federationOf(id);
        if (federation.isEmpty()) {
            backToLogin(request, response, id, "federation_failed");
            return;
        }
        String callback = ServletUriComponentsBuilder.fromContextPath(request)
                .path("/t/{tenant}/federation/callback")
                .buildAndExpand(id.value())
                .toUriString();
        UpstreamProviders.Pending pending = upstream.begin(id.value(), callback);
        try {
            String target = upstream.authorizationUrl(federation.get(), pending).toString();
            request.getSession().setAttribute(PENDING, pending);
            response.sendRedirect(target);
        } catch (FederationFailedException e) {
            log.warn("federated login of {} cannot start: {}", id, e.getMessage());
            backToLogin(request, response, id, "federation_failed");
        }
    }

    @GetMapping("/t/{tenant}/federation/callback")
    void callback(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String error,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        TenantId id = TenantId.of(tenant);
        HttpSession session = request.getSession(false);
        Object attribute = session == null ? null : session.getAttribute(PENDING);
        if (session != null) {
            session.removeAttribute(PENDING);
        }
        Optional<Federation> federation = federationOf(id);
        if (!(attribute instanceof UpstreamProviders.Pending pending)
                || !pending.tenant().equals(id.value())
                || state == null
                || !MessageDigest.isEqual(
                        pending.state().getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
                || error != null
                || code == null
                || federation.isEmpty()) {
            log.warn(
                    "federated login callback of {} refused (no matching login in progress, or upstream error {})",
                    id,
                    error);
            backToLogin(request, response, id, "federation_failed");
            return;
        }
        String subject;
        LoginOutcome outcome;
        try {
            subject = upstream.verifiedSubject(federation.get(), pending, code);
            outcome = directory.authenticateFederated(id, federation.get().issuer(), subject);
        } catch (FederationFailedException e) {
            log.warn("federated login of {} failed: {}", id, e.getMessage());
            backToLogin(request, response, id, "federation_failed");
            return;
        } catch (DirectoryUnavailableException e) {
            backToLogin(request, response, id, "unavailable");
            return;
        }
        switch (outcome) {
            case LoginOutcome.Authenticated(var user)
            when user.tenant().equals(id.value()) ->
                signIn(
                        user.toAuthentication(Instant.now(), FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY),
                        id,
                        request,
                        response);
            case LoginOutcome.Authenticated wrongTenant -> backToLogin(request, response, id, "unavailable");
            case LoginOutcome.AccountLocked(long retry) ->
                backToLogin(request, response, id, "account_locked&retry=" + retry);
            case LoginOutcome.UnknownTenant notLinked -> backToLogin(request, response, id, "not_linked");
            case LoginOutcome.BadCredentials bad -> backToLogin(request, response, id, "not_linked");
        }
    }

    private void signIn(
            Authentication authentication, TenantId tenant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        request.changeSessionId();
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
        SavedRequest saved = savedRequests.getRequest(request, response);
        response.sendRedirect(
                saved != null
                        ? saved.getRedirectUrl()
                        : request.getContextPath() + "/t/" + tenant.value() + "/signed-in");
    }

    private Optional<Federation> federationOf(TenantId tenant) {
        try {
            return directory.tenant(tenant).filter(TenantInfo::active).map(TenantInfo::federation);
        } catch (DirectoryUnavailableException e) {
            return Optional.empty();
        }
    }

    private static void backToLogin(
            HttpServletRequest request, HttpServletResponse response, TenantId tenant, String error)
            throws IOException {
        response.sendRedirect(request.getContextPath() + "/t/" + tenant.value() + "/login?error=" + error);
    }
}
