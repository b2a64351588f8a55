package cn.hotline.auth.issuer;

import cn.hotline.auth.directory.DirectoryUnavailableException;
import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.directory.TenantInfo;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Only tenants that tenant-service reports {@code ACTIVE}, and {@code platform}, have an issuer. Every
 * request under {@code /t/{tenant}} (discovery, keys, authorize, token, login page) of any other tenant
 * is answered 404, as is an authorization server endpoint without a tenant.
 *
 * <p>Policy when tenant-service cannot be asked: token-issuing paths fail closed (503
 * {@code DEPENDENCY_DOWN}); public metadata (discovery, JWK set) fails open so resource servers keep
 * validating tokens already issued. Both are logged.
 */
public final class IssuerGate extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IssuerGate.class);

    private final TenantDirectory directory;

    public IssuerGate(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = Issuers.pathOf(request);
        Optional<TenantId> tenant = Issuers.tenantOfPath(path);
        if (tenant.isEmpty()) {
            if (path.startsWith("/t/") || isAuthorizationServerPath(path)) {
                ProblemResponses.write(response, ProblemCode.NOT_FOUND, "No such issuer.");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (tenant.get().equals(Issuers.PLATFORM)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TenantInfo> info;
        try {
            info = directory.tenant(tenant.get());
        } catch (DirectoryUnavailableException e) {
            if (isPublicMetadata(path)) {
                log.warn(
                        "tenant-service unavailable; serving public metadata of {} (fail-open): {}",
                        tenant.get(),
                        e.getMessage());
                chain.doFilter(request, response);
            } else {
                log.warn("tenant-service unavailable; refusing {} (fail-closed): {}", path, e.getMessage());
                ProblemResponses.write(
                        response,
                        ProblemCode.DEPENDENCY_DOWN,
                        "The tenant directory cannot be reached; try again shortly.");
            }
            return;
        }
        if (info.isEmpty() || !info.get().active()) {
            if (wantsHtml(request)) {
                ProblemResponses.writePage(
                        response, 404, "该单位不存在或已停用，无法登录。", "This hotline office does not exist or is not active.");
            } else {
                ProblemResponses.write(response, ProblemCode.NOT_FOUND, "No such issuer.");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static boolean isAuthorizationServerPath(String path) {
        return path.startsWith("/oauth2/")
                || path.startsWith("/connect/")
                || path.equals("/userinfo")
                || path.startsWith("/.well-known/");
    }

    private static boolean isPublicMetadata(String path) {
        return path.contains("/.well-known/") || path.endsWith("/oauth2/jwks");
    }
}
