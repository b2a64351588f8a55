package cn.hotline.kernel.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified access token and the {@link Caller} it stands for. It is a {@link JwtAuthenticationToken},
 * so token relay and {@code @AuthenticationPrincipal Jwt} keep working; authorities are {@code ROLE_<role>}.
 */
public final class CallerAuthentication extends JwtAuthenticationToken {

    private final Caller caller;

    public CallerAuthentication(Jwt jwt, Caller caller) {
        super(jwt, authorities(caller), caller.subject());
        this.caller = caller;
    }

    private static Collection<GrantedAuthority> authorities(Caller caller) {
        return caller.roles().stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && super.equals(that) && caller.equals(that.caller);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + caller.hashCode();
    }
}
