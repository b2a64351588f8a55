package cn.hotline.e2e;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does when an agent opens the console, without a browser: keeps cookies, follows each redirect by
 * hand (so every hop can be checked), reads the login page's CSRF field and posts the form, and sends the gateway's
 * XSRF cookie back as a header on unsafe requests — exactly what the console's JavaScript does.
 */
final class SigningInBrowser {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI gateway;
    /** Every URL visited while signing in, in order. */
    final List<URI> hops = new ArrayList<>();
    /** Every Set-Cookie header the gateway sent while signing in. */
    final List<String> gatewayCookies = new ArrayList<>();

    SigningInBrowser(URI gateway) {
        this.gateway = gateway;
    }

    HttpResponse<String> get(URI uri) throws Exception {
        hops.add(uri);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (uri.getPort() == gateway.getPort()) {
            gatewayCookies.addAll(response.headers().allValues("Set-Cookie"));
        }
        return response;
    }

    HttpResponse<String> get(String gatewayPath) throws Exception {
        return get(gateway.resolve(gatewayPath));
    }

    /** A JSON request to the gateway with the session cookie and, for unsafe methods, the XSRF header. */
    HttpResponse<String> send(String method, String gatewayPath, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(gatewayPath))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        xsrfToken().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    Optional<String> xsrfToken() {
        return cookies.getCookieStore().get(gateway).stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /**
     * Signs in to the console as {@code username} of {@code tenant}: from the gateway's login entry to the tenant's
     * login page at auth-server, the form, and back through the gateway's callback. Answers the last response.
     */
    HttpResponse<String> signIn(String tenant, String username, String password) throws Exception {
        HttpResponse<String> response = follow(get("/login/" + tenant));
        URI loginPage = hops.getLast();
        if (response.statusCode() != 200 || !loginPage.getPath().endsWith("/t/" + tenant + "/login")) {
            throw new AssertionError("expected the login page of " + tenant + ", got " + response.statusCode() + " at "
                    + loginPage + ": " + response.body());
        }
        Matcher csrf = CSRF_FIELD.matcher(response.body());
        if (!csrf.find()) {
            throw new AssertionError("no CSRF field on the login page");
        }
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                + encode(csrf.group(1).replace("&#45;", "-"));
        hops.add(loginPage);
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(loginPage)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return follow(posted);
    }

    private HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        HttpResponse<String> current = response;
        for (int i = 0; i < 10 && current.statusCode() / 100 == 3; i++) {
            URI next = current.uri()
                    .resolve(current.headers().firstValue("Location").orElseThrow());
            current = get(next);
        }
        return current;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
