package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtBuildStatus;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.event.ListenEvent;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard (static pages under {@code /} and {@code /dashboard/}) in headless Chromium against the app on a seeded
 * run: every page loads with no SEVERE console entry and its charts drawn, Overview's totals and the top-tracks table
 * equal the same figures computed here from the read API for the same filter, and the date and source filters change
 * them. Screenshots of every page go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserIT {

    private static final int N = 2_000;
    private static final int RATE = 1_000;
    private static final long SEED = 20261205L;
    private static final int USERS = 60;
    private static final int TRACKS = 200;
    private static final Instant START = Instant.parse("2026-11-20T23:59:59Z");
    private static final int PAGE = 10_000;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] PAGES = {"/", "/dashboard/overview.html", "/dashboard/trends.html", "/dashboard/top.html",
        "/dashboard/pipeline.html"};

    @TempDir
    static Path data;

    private PlaylogInstance app;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.seed", SEED)
                .with("playlog.simulator.users", USERS)
                .with("playlog.simulator.tracks", TRACKS)
                .with("playlog.simulator.rate", RATE)
                .with("playlog.simulator.max-events", N)
                .with("playlog.simulator.start-time", START.toString())
                .with("playlog.lake.max-records", 500)
                .with("playlog.lake.max-age-ms", 1000)
                .with("playlog.warehouse.refresh-cron", "0/2 * * * * ?")
                .with("playlog.dbt.cron", "0/5 * * * * ?")
                .start();
        browser = Chromium.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    // ---- the read API, as the test's own reference ----

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = app.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static Map<String, Long> expectedDailyActiveUsers() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, USERS, TRACKS);
        Map<String, Set<String>> users = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(START, RATE, i));
            users.computeIfAbsent(e.playedAt().substring(0, 10), d -> new HashSet<>()).add(e.userId());
        }
        Map<String, Long> dau = new TreeMap<>();
        users.forEach((day, set) -> dau.put(day, (long) set.size()));
        return dau;
    }

    private Map<String, Long> apiDailyActiveUsers() throws Exception {
        HttpResponse<String> response = app.get("/api/v1/gold/daily_active_users");
        Map<String, Long> dau = new TreeMap<>();
        if (response.statusCode() == 200) {
            MAPPER.readTree(response.body()).path("rows").forEach(r -> dau.put(r.path("activity_date").asText(), r.path("active_users").asLong()));
        }
        return dau;
    }

    /** fct_plays rows for the dashboard's filter query string ("" or "from=...&to=...&source=..."), all pages. */
    private List<JsonNode> plays(String query) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = json("/api/v1/gold/fct_plays?limit=" + PAGE + "&offset=" + offset + (query.isEmpty() ? "" : "&" + query));
            page.path("rows").forEach(rows::add);
            if (page.path("count").asInt() < PAGE) {
                return rows;
            }
        }
    }

    /** What Overview must show for the query, formatted as the page formats it (en-US digits, hours to 2 places). */
    private Map<String, String> expectedTotals(String query) throws Exception {
        List<JsonNode> rows = plays(query);
        Set<String> users = new HashSet<>();
        Set<String> tracks = new HashSet<>();
        Set<String> artists = new HashSet<>();
        TreeSet<String> days = new TreeSet<>();
        long completed = 0;
        long ms = 0;
        for (JsonNode r : rows) {
            users.add(r.path("user_id").asText());
            tracks.add(r.path("track_id").asText());
            artists.add(r.path("artist_id").asText());
            days.add(r.path("played_date").asText());
            completed += r.path("event_type").asText().equals("play") ? 1 : 0;
            ms += r.path("ms_played").asLong();
        }
        Map<String, String> totals = new LinkedHashMap<>();
        totals.put("streams", String.format(java.util.Locale.US, "%,d", rows.size()));
        totals.put("plays", String.format(java.util.Locale.US, "%,d", completed));
        totals.put("hours", String.format(java.util.Locale.US, "%,.2f",
                new java.math.BigDecimal(ms).divide(java.math.BigDecimal.valueOf(3_600_000L), 2, java.math.RoundingMode.HALF_UP)));
        totals.put("listeners", String.format(java.util.Locale.US, "%,d", users.size()));
        totals.put("tracks", String.format(java.util.Locale.US, "%,d", tracks.size()));
        totals.put("artists", String.format(java.util.Locale.US, "%,d", artists.size()));
        totals.put("range", days.isEmpty() ? "no streams" : days.first() + " to " + days.last());
        return totals;
    }

    /** The top-tracks table the page must show: rank, name, artist, id, streams, listeners. */
    private List<List<String>> expectedTopTracks(String query) throws Exception {
        Map<String, Integer> streams = new HashMap<>();
        Map<String, Set<String>> listeners = new HashMap<>();
        for (JsonNode r : plays(query)) {
            String track = r.path("track_id").asText();
            streams.merge(track, 1, Integer::sum);
            listeners.computeIfAbsent(track, t -> new HashSet<>()).add(r.path("user_id").asText());
        }
        List<String> top = streams.keySet().stream()
                .sorted(Comparator.comparing((String t) -> -streams.get(t)).thenComparing(Comparator.naturalOrder())).limit(10).toList();
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            String track = top.get(i);
            JsonNode dim = json("/api/v1/gold/dim_tracks?track_id=" + URLEncoder.encode(track, StandardCharsets.UTF_8)).path("rows").get(0);
            table.add(List.of(Integer.toString(i + 1), dim.path("track_name").asText(), dim.path("artist_name").asText(), track,
                    String.format(java.util.Locale.US, "%,d", streams.get(track)),
                    String.format(java.util.Locale.US, "%,d", listeners.get(track).size())));
        }
        return table;
    }

    // ---- the browser ----

    private String url(String path) {
        return "http://127.0.0.1:" + app.httpPort() + path;
    }

    /** Opens a page and waits until its script says it is done; a page that reports an error fails with its message. */
    private void open(String path) {
        browser.get(url(path));
        awaitReady();
    }

    private void awaitReady() {
        String state = await().atMost(Duration.ofSeconds(60))
                .until(() -> browser.findElement(By.tagName("main")).getAttribute("data-state"), s -> s != null && !s.isEmpty());
        List<WebElement> error = browser.findElements(By.id("error"));
        assertThat(state).as(browser.getCurrentUrl() + ": " + (error.isEmpty() ? "" : error.get(0).getText())).isEqualTo("ready");
    }

    private List<String> severeConsoleEntries() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Map<String, String> shownTotals() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String id : List.of("streams", "plays", "hours", "listeners", "tracks", "artists", "range")) {
            shown.put(id, text(id));
        }
        return shown;
    }

    private List<List<String>> tableRows(String id) {
        return browser.findElements(By.cssSelector("#" + id + " tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private static String buildLine(JsonNode gold) {
        return "gold as of " + gold.path("as_of").asText() + ", build " + gold.path("build_id").asText();
    }

    // ---- tests ----

    @Test
    @Order(1)
    void theSeededRunReachesGold() {
        Map<String, Long> expected = expectedDailyActiveUsers();
        assertThat(expected).as("the run spans two UTC days").hasSize(2);
        await().atMost(Duration.ofSeconds(400)).pollInterval(Duration.ofSeconds(2)).until(() -> apiDailyActiveUsers().equals(expected));
    }

    @Test
    @Order(2)
    void theConsoleCheckSeesAnError() {
        // the check below is only worth something if an error on the console reaches it
        open("/");
        severeConsoleEntries();
        browser.executeScript("console.error('dashboard console probe')");
        assertThat(severeConsoleEntries()).anyMatch(m -> m.contains("dashboard console probe"));
    }

    @Test
    @Order(3)
    void everyPageLoadsWithoutConsoleErrorsAndIsCaptured() throws Exception {
        for (String page : PAGES) {
            severeConsoleEntries();
            open(page);
            String name = page.equals("/") ? "dashboard-home" : "dashboard-" + page.substring(page.lastIndexOf('/') + 1).replace(".html", "");
            screenshot(name + ".png");
            assertThat(severeConsoleEntries()).as(page).isEmpty();
        }
        open("/");
        List<String> links = browser.findElements(By.cssSelector("main a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).contains(url("/actuator/hawtio/"), url("/actuator/health"), url("/spotify"), url("/live.html"),
                url("/dashboard/overview.html"), url("/dashboard/trends.html"), url("/dashboard/top.html"), url("/dashboard/pipeline.html"));
    }

    @Test
    @Order(4)
    void chartsAreDrawnByEchartsFromTheJar() throws Exception {
        assertThat(app.get("/vendor/echarts.min.js").statusCode()).isEqualTo(200);
        open("/dashboard/trends.html");
        for (String chart : List.of("volume-chart", "dau-chart")) {
            assertThat(browser.findElements(By.cssSelector("#" + chart + " svg path"))).as(chart).isNotEmpty();
        }
        List<String> days = new ArrayList<>(expectedDailyActiveUsers().keySet());
        assertThat(tableRows("daily").stream().map(r -> r.get(0)).toList()).isEqualTo(days);
        assertThat(tableRows("daily").stream().map(r -> Long.parseLong(r.get(3).replace(",", ""))).toList())
                .isEqualTo(days.stream().map(d -> expectedDailyActiveUsers().get(d)).toList());
        open("/dashboard/top.html");
        for (String chart : List.of("tracks-chart", "artists-chart")) {
            assertThat(browser.findElements(By.cssSelector("#" + chart + " svg path"))).as(chart).isNotEmpty();
        }
    }

    @Test
    @Order(5)
    void overviewShowsTheApisTotalsForEachFilter() throws Exception {
        List<String> days = new ArrayList<>(expectedDailyActiveUsers().keySet());
        String all = "";
        String secondDay = "from=" + days.get(1) + "&to=" + days.get(1);
        String simulator = "source=simulator";
        String spotify = "source=spotify";
        Map<String, Map<String, String>> shown = new LinkedHashMap<>();
        for (String query : List.of(all, secondDay, simulator, spotify)) {
            open("/dashboard/overview.html" + (query.isEmpty() ? "" : "?" + query));
            Map<String, String> expected = expectedTotals(query);
            assertThat(shownTotals()).as(query).isEqualTo(expected);
            shown.put(query, shownTotals());
        }
        assertThat(shown.get(all).get("streams")).isNotEqualTo("0");
        assertThat(shown.get(secondDay)).as("one day is not the whole run").isNotEqualTo(shown.get(all));
        assertThat(shown.get(secondDay).get("range")).isEqualTo(days.get(1) + " to " + days.get(1));
        assertThat(shown.get(simulator)).as("the seeded run is all simulator").isEqualTo(shown.get(all));
        assertThat(shown.get(spotify).get("streams")).isEqualTo("0");
        // builds keep landing every few seconds: the page shows the one current before or after it loaded
        JsonNode before = json("/api/v1/gold");
        open("/dashboard/overview.html");
        JsonNode after = json("/api/v1/gold");
        assertThat(text("build")).isIn(buildLine(before), buildLine(after));
        assertThat(text("health")).isEqualTo(json("/actuator/health").path("status").asText());
    }

    @Test
    @Order(6)
    void theFilterFormChangesTheFigures() throws Exception {
        List<String> days = new ArrayList<>(expectedDailyActiveUsers().keySet());
        open("/dashboard/overview.html");
        String before = text("streams");
        // a date input's typed format depends on the locale: set its value as a picker would, then submit natively
        browser.executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id("from")), days.get(1));
        browser.findElement(By.id("apply")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().contains("from=" + days.get(1)));
        awaitReady();
        assertThat(browser.getCurrentUrl()).doesNotContain("to=").doesNotContain("source=");
        assertThat(shownTotals()).isEqualTo(expectedTotals("from=" + days.get(1)));
        assertThat(text("streams")).isNotEqualTo(before);

        new Select(browser.findElement(By.id("source"))).selectByValue("spotify");
        browser.findElement(By.id("apply")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().contains("source=spotify"));
        awaitReady();
        assertThat(text("streams")).isEqualTo("0");
        assertThat(browser.findElement(By.id("from")).getAttribute("value")).isEqualTo(days.get(1));
    }

    @Test
    @Order(7)
    void topTracksEqualTheApisForEachFilter() throws Exception {
        List<String> days = new ArrayList<>(expectedDailyActiveUsers().keySet());
        List<List<List<String>>> tables = new ArrayList<>();
        for (String query : List.of("", "from=" + days.get(0) + "&to=" + days.get(0), "source=spotify")) {
            open("/dashboard/top.html" + (query.isEmpty() ? "" : "?" + query));
            List<List<String>> expected = expectedTopTracks(query);
            assertThat(tableRows("top-tracks")).as(query).isEqualTo(expected);
            tables.add(tableRows("top-tracks"));
        }
        assertThat(tables.get(0)).hasSize(10);
        assertThat(tables.get(1)).as("the first day's top is not the whole run's").isNotEqualTo(tables.get(0));
        assertThat(tables.get(2)).isEmpty();
        screenshot("dashboard-top-first-day.png");
    }

    @Test
    @Order(8)
    void pipelineShowsHealthAndTheLatestRuns() throws Exception {
        open("/dashboard/pipeline.html");
        JsonNode health = json("/actuator/health");
        List<String> components = new ArrayList<>();
        health.path("components").fieldNames().forEachRemaining(components::add);
        assertThat(tableRows("components").stream().map(r -> r.get(0)).toList()).containsExactlyInAnyOrderElementsOf(components);
        assertThat(text("health")).isEqualTo(health.path("status").asText());
        List<List<String>> latest = tableRows("latest");
        assertThat(latest.stream().map(r -> r.get(0)).toList()).containsExactly("warehouse_refresh", "dbt_build");
        List<String> dbt = latest.get(1);
        JsonNode run = json("/api/v1/runs/" + dbt.get(1));
        assertThat(run.path("kind").asText()).isEqualTo("dbt_build");
        assertThat(dbt.get(4)).isEqualTo(run.path("outcome").asText());
        assertThat(tableRows("runs")).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("main a[href='/actuator/hawtio/']"))).isNotEmpty();
    }

    @Test
    @Order(9)
    void pipelineListsTheFailingNodesOfAFailedBuild() throws Exception {
        DbtBuildStatus outcomes = app.bean(DbtRunner.class).status();
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        long failuresBefore = outcomes.failures();
        // break the next builds for real, as GoldServingIT does: dbt's staging view cannot be created over no bronze
        app.bean(WarehouseLock.class).withLock("test: break bronze", () -> {
            try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
                st.execute("DROP VIEW bronze.listens");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> outcomes.failures() > failuresBefore);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                json("/api/v1/runs?kind=dbt_build&limit=1").path("runs").get(0).path("outcome").asText().equals("failed"));
        open("/dashboard/pipeline.html");
        screenshot("dashboard-pipeline-failed.png");
        List<String> dbt = tableRows("latest").get(1);
        assertThat(dbt.get(0)).isEqualTo("dbt_build");
        assertThat(dbt.get(4)).isEqualTo("failed");
        List<List<String>> failing = new ArrayList<>();
        json("/api/v1/runs/" + dbt.get(1)).path("nodes").forEach(n -> {
            if (Set.of("error", "fail", "warn", "runtime error").contains(n.path("status").asText())) {
                failing.add(List.of(n.path("unique_id").asText(), n.path("status").asText(), squash(n.path("message").asText(""))));
            }
        });
        assertThat(failing).isNotEmpty();
        assertThat(tableRows("failing").stream().map(r -> List.of(r.get(0), r.get(1), squash(r.get(2)))).toList()).isEqualTo(failing);
        // DOWN answers 503 with the same document
        assertThat(text("health")).isEqualTo(MAPPER.readTree(app.get("/actuator/health").body()).path("status").asText());
    }

    /** A message as the browser renders it in a table cell: runs of white space as one space. */
    private static String squash(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
