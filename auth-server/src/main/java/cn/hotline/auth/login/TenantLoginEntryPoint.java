package cn.hotline.auth.login;

import cn.hotline.auth.issuer.Issuers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Not signed in: to the login page of the tenant in the path (the issuer of the authorization request),
 * otherwise to the operators' login page.
 */
public final class TenantLoginEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String tenant =
                Issuers.tenantOfRequest(request).orElse(Issuers.PLATFORM).value();
        response.sendRedirect(request.getContextPath() + "/t/" + tenant + "/login");
    }
}
