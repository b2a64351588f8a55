package cn.hotline.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console in Debian's headless Chromium, driven by Playwright (no browser download): one browser for the whole run,
 * one context (cookie jar) per person signing in. Every page the tests look at is kept as a screenshot under
 * {@code target/e2e-screenshots}, and the browser's console errors are collected so a test can show them.
 */
final class ConsoleInChromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final Playwright playwright;
    private final Browser browser;
    private final URI gateway;
    /** Errors the pages printed to the browser console, with the page URL. */
    final List<String> consoleErrors = new ArrayList<>();

    ConsoleInChromium(URI gateway) {
        this.gateway = gateway;
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // the console marks what tests look for with data-test (Vitest uses the same attribute)
        playwright.selectors().setTestIdAttribute("data-test");
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of(CHROMIUM))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--use-fake-ui-for-media-stream",
                                "--use-fake-device-for-media-stream")));
    }

    /**
     * Opens the console as a new person (fresh cookies), signs in through the gateway's login entry and the tenant's
     * login page at auth-server, and answers the console page once it shows the signed-in user.
     */
    Page signIn(String tenant, String username, String password) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setLocale("zh-CN")
                .setViewportSize(1440, 900)
                .setBaseURL(gateway.toString()));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(page.url() + ": " + message.text());
            }
        });
        try {
            page.navigate("/");
            page.waitForURL(Pattern.compile(".*#/login.*"));
            page.getByTestId("login-tenant").fill(tenant);
            page.getByTestId("login-submit").click();
            page.waitForURL(Pattern.compile(".*/t/" + Pattern.quote(tenant) + "/login.*"));
            page.locator("input[name=username]").fill(username);
            page.locator("input[name=password]").fill(password);
            page.locator("form button[type=submit], form input[type=submit]")
                    .first()
                    .click();
            page.waitForURL(url -> url.startsWith(gateway.toString()) && !url.contains("#/login"));
            page.getByTestId("user").waitFor();
            // the header shows before the router's first navigation (to the user's home section, whose code is loaded
            // lazily) has finished; until then the router ignores hash changes, and finishing it would undo one
            page.waitForURL(Pattern.compile(".*#/(?!login)[a-z].*"));
        } catch (RuntimeException | AssertionError e) {
            throw failure(page, "signing in as " + tenant + "/" + username, e);
        }
        return page;
    }

    /**
     * Opens a console route (the part after {@code #}) the way a link in the page does. Right after signing in the
     * router may still be taking the user to their home page, which would undo an earlier hash change: so the
     * change is repeated until the route holds.
     */
    static void open(Page page, String route) {
        Pattern target = Pattern.compile(".*#" + Pattern.quote(route) + "([?/].*)?$");
        for (int attempt = 1; ; attempt++) {
            page.evaluate("hash => { window.location.hash = hash }", route);
            try {
                page.waitForURL(target, new Page.WaitForURLOptions().setTimeout(5_000));
                // on a loaded machine the post-sign-in redirect home can come more than a second later
                page.waitForTimeout(1_500);
                if (target.matcher(page.url()).matches()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
            if (attempt == 4) {
                throw new AssertionError("the console did not stay on " + route + " but went to " + page.url());
            }
        }
    }

    /**
     * The text field an Element Plus input marked {@code data-test=<id>} renders: the attribute lands on the native
     * {@code input} / {@code textarea} itself, or on its wrapper.
     */
    static Locator field(Page page, String id) {
        String q = "[data-test=\"" + id + "\"]";
        return page.locator("input" + q + ", textarea" + q + ", " + q + " input, " + q + " textarea")
                .first();
    }

    /** Picks an option of an Element Plus select (its list is rendered at the end of the body). */
    static void choose(Page page, Locator select, String optionText) {
        select.click();
        page.locator(".el-select-dropdown__item:visible")
                .filter(new Locator.FilterOptions().setHasText(optionText))
                .first()
                .click();
    }

    /** Picks the first option of an Element Plus select. */
    static void chooseFirst(Page page, Locator select) {
        select.click();
        page.locator(".el-select-dropdown__item:visible").first().click();
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    /** Keeps what the page shows now as {@code target/e2e-screenshots/<name>.png}. */
    static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** A failure with what the browser showed: URL, screenshot and the visible text. */
    static AssertionError failure(Page page, String doing, Throwable cause) {
        String name = "failed-" + doing.replaceAll("[^a-zA-Z0-9-]+", "-");
        String text;
        try {
            screenshot(page, name);
            text = page.locator("body").innerText();
        } catch (RuntimeException e) {
            text = "(page not readable: " + e.getMessage() + ")";
        }
        return new AssertionError(
                doing + " failed at " + page.url() + " (screenshot " + name + ".png); the page shows:\n"
                        + text.substring(0, Math.min(text.length(), 1500)),
                cause);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
