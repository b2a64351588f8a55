package cn.hotline.auth.issuer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code cc.auth.issuer-base} set, every request is seen as if it arrived at that base (scheme,
 * host, port, path prefix), so issuers, discovery documents and redirects say {@code {issuerBase}/t/{tenant}}
 * whichever way the request came in. Forwarded headers sent by clients are dropped, never trusted: the
 * base is configuration, not something a caller can choose.
 */
public final class PinnedIssuerBase extends OncePerRequestFilter {

    private static final Set<String> FORWARDED = Set.of(
            "forwarded",
            "x-forwarded-host",
            "x-forwarded-port",
            "x-forwarded-proto",
            "x-forwarded-prefix",
            "x-forwarded-ssl",
            "x-forwarded-for");

    private final Map<String, String> pinned;
    private final ForwardedHeaderFilter forwarded = new ForwardedHeaderFilter();

    public PinnedIssuerBase(URI base) {
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        int port = base.getPort() >= 0 ? base.getPort() : scheme.equals("https") ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.pinned = path.isEmpty()
                ? Map.of(
                        "x-forwarded-proto",
                        scheme,
                        "x-forwarded-host",
                        base.getHost(),
                        "x-forwarded-port",
                        String.valueOf(port))
                : Map.of(
                        "x-forwarded-proto",
                        scheme,
                        "x-forwarded-host",
                        base.getHost(),
                        "x-forwarded-port",
                        String.valueOf(port),
                        "x-forwarded-prefix",
                        path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        forwarded.doFilter(new Pinned(request, pinned), response, chain);
    }

    private static final class Pinned extends HttpServletRequestWrapper {
        private final Map<String, String> pinned;

        Pinned(HttpServletRequest request, Map<String, String> pinned) {
            super(request);
            this.pinned = pinned;
        }

        @Override
        public @Nullable String getHeader(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            if (FORWARDED.contains(key)) {
                return pinned.get(key);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            if (FORWARDED.contains(key)) {
                String value = pinned.get(key);
                return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            Enumeration<String> original = super.getHeaderNames();
            while (original.hasMoreElements()) {
                String name = original.nextElement();
                if (!FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    names.add(name);
                }
            }
            names.addAll(pinned.keySet());
            return Collections.enumeration(names);
        }
    }
}
