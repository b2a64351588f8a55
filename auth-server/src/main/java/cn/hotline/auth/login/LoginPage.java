package cn.hotline.auth.login;

import cn.hotline.auth.AuthProperties;
import cn.hotline.auth.directory.DirectoryUnavailableException;
import cn.hotline.auth.directory.Federation;
import cn.hotline.auth.directory.TenantDirectory;
import cn.hotline.auth.directory.TenantInfo;
import cn.hotline.auth.directory.TenantUser;
import cn.hotline.auth.issuer.Issuers;
import cn.hotline.kernel.id.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The login page of each issuer, rendered here (no template engine, no CDN). The tenant's name comes
 * from tenant-service; the IssuerGate has already refused inactive tenants.
 */
@Controller
final class LoginPage {

    private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

    private final TenantDirectory directory;
    /**
     * The page's Content-Security-Policy. Chromium applies {@code form-action} to every redirect that follows the
     * form's POST, and a successful sign-in ends in the gateway's callback: with {@code 'self'} alone the browser
     * stops on the login page. So the gateway's origin is allowed as well, and nothing else.
     */
    private final String contentSecurityPolicy;

    LoginPage(TenantDirectory directory, AuthProperties properties) {
        this.directory = directory;
        this.contentSecurityPolicy =
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' " + origin(properties.gatewayUrl());
    }

    static String origin(java.net.URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    @GetMapping("/t/{tenant}/login")
    ResponseEntity<String> login(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false, defaultValue = "0") long retry,
            @RequestParam(required = false, defaultValue = "zh") String lang,
            HttpServletRequest request) {
        TenantId id = TenantId.of(tenant);
        LoginMessages text = LoginMessages.of(lang);
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String action = request.getContextPath() + "/t/" + id.value() + "/login";
        StringBuilder body = new StringBuilder();
        if (error != null) {
            body.append("<p class=\"error\" role=\"alert\">")
                    .append(escape(text.error(LoginRejected.Reason.fromParam(error), retry)))
                    .append("</p>");
        }
        body.append("<form method=\"post\" action=\"")
                .append(escape(action))
                .append("\">")
                .append("<label>")
                .append(text.username())
                .append("<input name=\"username\" autocomplete=\"username\" required autofocus></label>")
                .append("<label>")
                .append(text.password())
                .append(
                        "<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>");
        if (csrf != null) {
            body.append("<input type=\"hidden\" name=\"")
                    .append(escape(csrf.getParameterName()))
                    .append("\" value=\"")
                    .append(escape(csrf.getToken()))
                    .append("\">");
        }
        body.append("<input type=\"hidden\" name=\"lang\" value=\"")
                .append(text.english() ? "en" : "zh")
                .append("\">")
                .append("<button type=\"submit\">")
                .append(text.submit())
                .append("</button></form>");
        Federation federation = federationOf(id);
        if (federation != null) {
            body.append("<p class=\"or\"><a class=\"federated\" href=\"")
                    .append(escape(request.getContextPath() + "/t/" + id.value() + "/federation/start"))
                    .append("\">")
                    .append(escape(text.federatedButton(federation.displayName())))
                    .append("</a></p>");
        }
        return page(text, tenantName(id, text), body.toString());
    }

    private @Nullable Federation federationOf(TenantId tenant) {
        try {
            return directory.tenant(tenant).map(TenantInfo::federation).orElse(null);
        } catch (DirectoryUnavailableException e) {
            return null;
        }
    }

    @GetMapping("/t/{tenant}/signed-in")
    ResponseEntity<String> signedIn(
            @PathVariable String tenant,
            @RequestParam(required = false, defaultValue = "zh") String lang,
            Principal principal) {
        TenantId id = TenantId.of(tenant);
        LoginMessages text = LoginMessages.of(lang);
        String name = principal instanceof Authentication authentication
                ? TenantUser.fromAuthentication(authentication)
                        .map(TenantUser::displayName)
                        .orElse(principal.getName())
                : principal.getName();
        return page(text, tenantName(id, text), "<p>" + escape(text.signedIn(name)) + "</p>");
    }

    private String tenantName(TenantId tenant, LoginMessages text) {
        if (tenant.equals(Issuers.PLATFORM)) {
            return text.operators();
        }
        try {
            return directory.tenant(tenant).map(TenantInfo::displayName).orElse(tenant.value());
        } catch (DirectoryUnavailableException e) {
            return tenant.value();
        }
    }

    private ResponseEntity<String> page(LoginMessages text, String tenantName, String body) {
        String html = "<!doctype html><html lang=\"" + text.htmlLang() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(text.title() + " · " + tenantName) + "</title>"
                + "<style>" + STYLE + "</style></head><body><main>"
                + "<nav><a href=\"?lang=zh\" lang=\"zh-CN\">中文</a> | <a href=\"?lang=en\" lang=\"en\">English</a></nav>"
                + "<h1>" + escape(tenantName) + "</h1><p class=\"sub\">" + escape(text.subtitle()) + "</p>"
                + body + "</main></body></html>";
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Frame-Options", "DENY")
                .body(html);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private static final String STYLE = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;"
            + "background:#f3f5f8;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}"
            + "main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 2px 12px #0002;width:22rem}"
            + "nav{text-align:right;font-size:.85rem}h1{margin:.5rem 0 0;font-size:1.4rem}.sub{color:#667;margin-top:.25rem}"
            + "label{display:block;margin:1rem 0 .25rem}input{display:block;width:100%;box-sizing:border-box;"
            + "padding:.5rem;margin-top:.25rem;font-size:1rem}button{margin-top:1.5rem;width:100%;padding:.6rem;"
            + "font-size:1rem;background:#c8161d;color:#fff;border:0;border-radius:4px;cursor:pointer}"
            + ".error{color:#a00;background:#fdecec;padding:.6rem;border-radius:4px}"
            + ".or{margin-top:1rem;text-align:center}.federated{display:block;padding:.6rem;border:1px solid #c8161d;"
            + "border-radius:4px;color:#c8161d;text-decoration:none}";
}
