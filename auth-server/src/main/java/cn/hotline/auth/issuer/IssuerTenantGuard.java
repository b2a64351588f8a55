package cn.hotline.auth.issuer;

import cn.hotline.auth.directory.TenantUser;
import cn.hotline.kernel.id.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session signed in on one tenant's issuer counts as not signed in on another's: the user is sent to
 * that tenant's login page instead of getting a code for the wrong tenant. (The token customizer
 * refuses such a mix as well.)
 */
public final class IssuerTenantGuard extends OncePerRequestFilter {

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TenantId> pathTenant = Issuers.tenantOfRequest(request);
        Optional<TenantUser> user =
                TenantUser.fromAuthentication(contexts.getContext().getAuthentication());
        if (pathTenant.isPresent()
                && user.isPresent()
                && !user.get().tenant().equals(pathTenant.get().value())) {
            // only for this request: the session keeps its context until the user signs in here
            contexts.setContext(contexts.createEmptyContext());
        }
        chain.doFilter(request, response);
    }
}
