package cn.hotline.auth.login;

import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.kernel.id.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The form post of {@code /t/{tenant}/login}: the tenant comes from the path, the password check from
 * tenant-service. Success returns to the saved authorization request (or the tenant's signed-in page);
 * a failure goes back to the login page with the reason, which the page turns into a message.
 */
public final class TenantLoginFilter extends AbstractAuthenticationProcessingFilter {

    private static final PathPatternRequestMatcher LOGIN_POST =
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/t/{tenant}/login");

    public TenantLoginFilter(TenantDirectory directory) {
        super((RequestMatcher) LOGIN_POST, new ProviderManager(new TenantAuthenticationProvider(directory)));
        setSecurityContextRepository(new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
        setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
        setAuthenticationSuccessHandler(new SignedIn());
        setAuthenticationFailureHandler(TenantLoginFilter::failed);
    }

    @Override
    public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response) {
        TenantId tenant = tenantOf(request);
        String username =
                Objects.requireNonNullElse(request.getParameter("username"), "").strip();
        String password = Objects.requireNonNullElse(request.getParameter("password"), "");
        return getAuthenticationManager().authenticate(new TenantLoginRequest(tenant, username, password));
    }

    private static TenantId tenantOf(HttpServletRequest request) {
        String slug = LOGIN_POST.matcher(request).getVariables().get("tenant");
        try {
            return TenantId.of(Objects.requireNonNull(slug));
        } catch (RuntimeException e) {
            throw new LoginRejected(LoginRejected.Reason.UNKNOWN_TENANT, 0);
        }
    }

    private static void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        LoginRejected rejected =
                e instanceof LoginRejected r ? r : new LoginRejected(LoginRejected.Reason.BAD_CREDENTIALS, 0);
        String slug = LOGIN_POST.matcher(request).getVariables().getOrDefault("tenant", "platform");
        StringBuilder url = new StringBuilder(request.getContextPath())
                .append("/t/")
                .append(URLEncoder.encode(slug, StandardCharsets.UTF_8))
                .append("/login?error=")
                .append(rejected.reason().param());
        if (rejected.reason() == LoginRejected.Reason.ACCOUNT_LOCKED) {
            url.append("&retry=").append(rejected.retryAfterSeconds());
        }
        if ("en".equals(request.getParameter("lang"))) {
            url.append("&lang=en");
        }
        response.sendRedirect(url.toString());
    }

    /** Back to the authorization request that sent the user here, or the tenant's signed-in page. */
    private static final class SignedIn extends SavedRequestAwareAuthenticationSuccessHandler {
        @Override
        protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response) {
            return "/t/" + tenantOf(request).value() + "/signed-in";
        }
    }
}
