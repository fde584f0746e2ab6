package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * In a real browser (headless Chromium): Hawtio still lists, stops and starts routes under the Jolokia access
 * policy and the CSRF check, and a page from another site cannot stop a route whatever it sends.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HawtioInBrowserIT {

    private static final String ROUTE = "simulator-produce";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path data;

    private PlaylogInstance app;
    private ChromeDriver browser;
    private HttpServer evilSite;

    @BeforeAll
    void start() throws Exception {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.rate", 20)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
        browser = Chromium.start();
        evilSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evilSite.createContext("/", exchange -> {
            byte[] page = attackPage().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        evilSite.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (evilSite != null) {
            evilSite.stop(0);
        }
        app.close();
    }

    @BeforeEach
    void routeRuns() throws Exception {
        app.bean(CamelContext.class).getRouteController().startRoute(ROUTE);
        assertThat(status()).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void hawtioListsStopsAndStartsARoute() throws Exception {
        browser.get("http://127.0.0.1:" + app.httpPort() + "/actuator/hawtio/camel/routes");
        WebElement row = await().atMost(Duration.ofSeconds(60)).until(() -> routeRow(ROUTE), r -> r != null);
        assertThat(row.getText()).contains("Started");
        Files.write(SCREENSHOTS.resolve("hawtio-routes.png"), browser.getScreenshotAs(OutputType.BYTES));

        row.findElement(By.cssSelector("input[type=checkbox]")).click();
        button("Stop").click();
        await().atMost(Duration.ofSeconds(30)).until(this::status, s -> s == ServiceStatus.Stopped);
        await().atMost(Duration.ofSeconds(30)).until(() -> rowShows(ROUTE, "Stopped"));

        WebElement stopped = await().atMost(Duration.ofSeconds(10)).until(() -> routeRow(ROUTE), r -> r != null);
        if (!stopped.findElement(By.cssSelector("input[type=checkbox]")).isSelected()) {
            stopped.findElement(By.cssSelector("input[type=checkbox]")).click();
        }
        button("Start").click();
        await().atMost(Duration.ofSeconds(30)).until(this::status, s -> s == ServiceStatus.Started);
    }

    @Test
    void aPageFromAnotherSiteCannotStopARouteOrReadTheApi() {
        // localhost and 127.0.0.1 are different sites: the browser sends this as a cross-site request
        browser.get("http://localhost:" + evilSite.getAddress().getPort() + "/");
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(browser.getTitle()));
        String results = browser.findElement(By.id("out")).getText();
        assertThat(results).contains("\"read\":\"blocked\"").contains("\"sent\":4");
        assertThat(status()).isEqualTo(ServiceStatus.Started);
    }

    private ServiceStatus status() {
        return app.bean(CamelContext.class).getRouteController().getRouteStatus(ROUTE);
    }

    /** The table row of {@code route}, or null while the table is not there (Hawtio re-renders it as it polls). */
    private WebElement routeRow(String route) {
        try {
            for (WebElement row : browser.findElements(By.cssSelector("#camel-routes-table tbody tr"))) {
                if (row.findElements(By.cssSelector("td[data-label=Name]")).stream().anyMatch(td -> td.getText().equals(route))) {
                    return row;
                }
            }
        } catch (StaleElementReferenceException e) {
            return null;
        }
        return null;
    }

    private boolean rowShows(String route, String state) {
        try {
            WebElement row = routeRow(route);
            return row != null && row.getText().contains(state);
        } catch (StaleElementReferenceException e) {
            return false;
        }
    }

    private WebElement button(String text) {
        return browser.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + text + "' on " + browser.getCurrentUrl()));
    }

    /** Four ways a foreign page could try to stop the route, then an attempt to read the API. */
    private String attackPage() {
        String app = "http://127.0.0.1:" + this.app.httpPort();
        String stop = "{\\\"type\\\":\\\"exec\\\",\\\"mbean\\\":\\\"org.apache.camel:context=playlog,type=routes,name=\\\\\\\""
                + ROUTE + "\\\\\\\"\\\",\\\"operation\\\":\\\"stop()\\\"}";
        return """
                <!doctype html><html><head><title>attacking</title></head><body><pre id="out"></pre><script>
                const app = '%s';
                const stop = "%s";
                const results = {sent: 0};
                async function attempt(f) { try { await f(); } catch (e) { } results.sent++; }
                (async () => {
                  await attempt(() => fetch(app + '/actuator/jolokia', {method: 'POST', mode: 'no-cors',
                      credentials: 'include', headers: {'Content-Type': 'text/plain'}, body: stop}));
                  await attempt(() => fetch(app + '/api/sources/simulator/stop', {method: 'POST', mode: 'no-cors',
                      credentials: 'include', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'x=1'}));
                  await attempt(() => new Promise(done => { const img = new Image(); img.onload = img.onerror = done;
                      img.src = app + '/actuator/jolokia/exec/org.apache.camel:context=playlog,type=routes,name=%%22%s%%22/stop()'; }));
                  await attempt(() => fetch(app + '/actuator/jolokia', {method: 'POST', credentials: 'include',
                      headers: {'Content-Type': 'application/json'}, body: stop}));
                  try { const r = await fetch(app + '/api/sources', {credentials: 'include'}); results.read = await r.text(); }
                  catch (e) { results.read = 'blocked'; }
                  document.getElementById('out').textContent = JSON.stringify(results);
                  document.title = 'done';
                })();
                </script></body></html>
                """.formatted(app, stop, ROUTE);
    }
}
