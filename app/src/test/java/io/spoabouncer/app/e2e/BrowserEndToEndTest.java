package io.spoabouncer.app.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Browser;
import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (Debian's Chromium) through real HAProxy and the agent: the proof-of-work page is solved
 * by the page's own JavaScript, the browser lands on the URL it asked for, the next request passes on the
 * cookie, a tampered cookie brings the challenge back, and a banned client sees the ban page. Screenshots
 * of both pages go to docs/ (shown in the README).
 */
class BrowserEndToEndTest {
    @TempDir
    static Path tmp;
    static Stack stack;
    static ChromeDriver browser;
    static Path banFile;

    @BeforeAll
    static void start() throws Exception {
        banFile = Files.writeString(tmp.resolve("ban.txt"), "# nobody yet\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), "127.0.0.1\n");
        String key = "browser-test-signing-key-0123456789";
        stack = Stack.start("haproxy.cfg", "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.poll-interval = 100ms\n"
                + "decisions.file.files = [{path = \"" + captcha + "\", type = captcha}, {path = \"" + banFile + "\", type = ban}]\n"
                + "http.hosts = [\n"
                + " {host = \"fast.localhost\", ban.contact-us-url = \"mailto:security@example.com\", captcha {provider = pow, signing-key = \"" + key + "\", pow.difficulty = 12}}\n"
                + " {host = \"slow.localhost\", captcha {provider = pow, signing-key = \"" + key + "\", pow.difficulty = 30}}\n"
                + " {host = \"*\", ban.contact-us-url = \"mailto:security@example.com\"}\n"
                + "]\n");
        browser = Browser.start(tmp.resolve("chromium-profile"));
        // HAProxy gives the agent 500 ms per request (crowdsec.cfg); the first one, on a cold agent while
        // Chromium starts on the same cores, can miss it and HAProxy then decides from its own map (empty
        // here: this agent keeps none, so the fallback would pass the client without a captcha page).
        // The test is about the pages: wait until HAProxy and the agent answer a captcha client in time.
        await().atMost(Duration.ofSeconds(30)).until(() -> RawHttp.send("127.0.0.1", stack.frontend,
                "GET / HTTP/1.1\r\nHost: slow.localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n").body().contains("Checking your browser"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static String url(String host, String path) {
        return "http://" + host + ":" + stack.frontend + path;
    }

    /** Into target/screenshots: tests write only under target/ (scripts/screenshots.sh copies them to docs/). */
    static void screenshot(String name) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void captchaSolvedInTheBrowser_thenBan() throws Exception {
        // The challenge page, as a visitor sees it (a hard challenge keeps it on screen for the picture).
        browser.get(url("slow.localhost", "/"));
        assertTrue(browser.getPageSource().contains("Checking your browser"), browser.getPageSource());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        screenshot("captcha-page.png");

        // The page's JavaScript solves the proof of work and lands on the URL asked for.
        int before = stack.backend.requests.size();
        browser.get(url("fast.localhost", "/welcome?x=1"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getPageSource().contains("hello from backend /welcome?x=1"));
        assertEquals(url("fast.localhost", "/welcome?x=1"), browser.getCurrentUrl());
        Cookie passed = browser.manage().getCookieNamed("crowdsec_captcha_cookie");
        assertNotNull(passed);
        assertTrue(passed.isHttpOnly());

        // The next request passes on the cookie: straight to the backend.
        browser.get(url("fast.localhost", "/next"));
        assertTrue(browser.getPageSource().contains("hello from backend /next"), browser.getPageSource());
        assertTrue(String.valueOf(stack.backend.lastHeader("Cookie")).contains(passed.getValue()));
        assertTrue(stack.backend.requests.size() >= before + 2);

        // A tampered cookie is refused: the challenge comes back (and is solved again, with a new cookie).
        String tampered = passed.getValue().substring(0, passed.getValue().length() - 4) + "AAAA";
        browser.manage().deleteCookieNamed("crowdsec_captcha_cookie");
        browser.manage().addCookie(new Cookie.Builder("crowdsec_captcha_cookie", tampered).path("/").isHttpOnly(true).build());
        browser.get(url("fast.localhost", "/again"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getPageSource().contains("hello from backend /again"));
        String afterTamper = browser.manage().getCookieNamed("crowdsec_captcha_cookie").getValue();
        assertNotEquals(tampered, afterTamper, "the tampered cookie was replaced by a new one");
        assertTrue(!String.valueOf(stack.backend.lastHeader("Cookie")).contains(tampered), "the backend never saw the tampered cookie");

        // Banned: the ban page.
        Files.writeString(banFile, "127.0.0.1\n");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.get(url("fast.localhost", "/"));
            return browser.getPageSource().contains("Access forbidden");
        });
        assertTrue(browser.getPageSource().contains("mailto:security@example.com"), browser.getPageSource());
        screenshot("ban-page.png");
    }
}
