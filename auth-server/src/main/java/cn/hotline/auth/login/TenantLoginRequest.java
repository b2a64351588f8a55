package cn.hotline.auth.login;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A login form post, in flight only (never stored): tenant from the path, username and password. */
final class TenantLoginRequest extends AbstractAuthenticationToken {

    private final TenantId tenant;
    private final String username;
    private transient String password;

    TenantLoginRequest(TenantId tenant, String username, String password) {
        super(List.of());
        this.tenant = tenant;
        this.username = username;
        this.password = password;
        setAuthenticated(false);
    }

    TenantId tenant() {
        return tenant;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    @Override
    public Object getCredentials() {
        return password;
    }

    @Override
    public Object getPrincipal() {
        return username;
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        password = "";
    }
}
