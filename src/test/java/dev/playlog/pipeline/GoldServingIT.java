package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtBuildStatus;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.event.ListenEvent;
import dev.playlog.serving.GoldModels;
import dev.playlog.serving.GoldReader;
import dev.playlog.serving.GoldValues;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gold served while the app runs, on a seeded end-to-end run with the real routes, Kafka, S3 server, DuckDB and dbt:
 * every read endpoint's rows equal the gold table in the warehouse (filters and pages too), CSV, ETag, the OpenAPI
 * document against the endpoints, problem details, health; a DuckDB session (the virtualenv's Python) kept open
 * across builds; and a failed dbt build that leaves the previous snapshot current.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldServingIT {

    private static final int N = 2_000;
    private static final int RATE = 1_000;
    private static final long SEED = 20261204L;
    private static final int USERS = 80;
    private static final int TRACKS = 400;
    private static final Instant START = Instant.parse("2026-11-20T23:59:59Z");
    private static final int MAX_LIMIT = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path data;

    private PlaylogInstance app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
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
                .with("playlog.serving.max-limit", MAX_LIMIT)
                .start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
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

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private Map<String, Long> apiDailyActiveUsers() throws Exception {
        HttpResponse<String> response = get("/api/v1/gold/daily_active_users");
        Map<String, Long> dau = new TreeMap<>();
        if (response.statusCode() == 200) {
            MAPPER.readTree(response.body()).path("rows").forEach(r -> dau.put(r.path("activity_date").asText(), r.path("active_users").asLong()));
        }
        return dau;
    }

    /** Every gold model's rows in the warehouse (one hold of the app's lock), as JSON the way the API renders values. */
    private Map<String, List<JsonNode>> allGold() {
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        return app.bean(WarehouseLock.class).withLock("test query", () -> {
            Map<String, List<JsonNode>> gold = new HashMap<>();
            try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
                for (String model : GoldModels.all().keySet()) {
                    List<JsonNode> rows = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("SELECT * FROM gold." + model)) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                row.put(meta.getColumnLabel(i), GoldValues.of(rs.getObject(i)));
                            }
                            rows.add(MAPPER.readTree(MAPPER.writeValueAsString(row)));
                        }
                    }
                    gold.put(model, rows);
                }
                return gold;
            } catch (SQLException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Set<String> goldTables() {
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        return app.bean(WarehouseLock.class).withLock("test query", () -> {
            try (Connection c = warehouse.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'gold'")) {
                Set<String> tables = new HashSet<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                return tables;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Every row the API returns for the model and query, page by page; all pages must come from one build. */
    private List<JsonNode> apiRows(String model, String query) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        Set<String> builds = new HashSet<>();
        for (int offset = 0; ; offset += MAX_LIMIT) {
            JsonNode page = json("/api/v1/gold/" + model + "?limit=" + MAX_LIMIT + "&offset=" + offset + (query.isEmpty() ? "" : "&" + query));
            builds.add(page.path("build_id").asText());
            page.path("rows").forEach(rows::add);
            if (page.path("count").asInt() < MAX_LIMIT) {
                break;
            }
        }
        assertThat(builds).hasSize(1);
        return rows;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aSnapshotOfTheFullGoldIsPublished() {
        Map<String, Long> expected = expectedDailyActiveUsers();
        await().atMost(Duration.ofSeconds(400)).pollInterval(Duration.ofSeconds(2)).until(() -> apiDailyActiveUsers().equals(expected));
        assertThat(goldTables()).containsExactlyInAnyOrderElementsOf(GoldModels.all().keySet());
    }

    @Test
    @Order(2)
    void everyEndpointsRowsEqualItsGoldTableWithEachFilterAndPage() throws Exception {
        // gold of the whole run, read once under the warehouse lock: dbt holds it most of the time at this schedule
        Map<String, List<JsonNode>> gold = allGold();
        for (GoldModels.Model model : GoldModels.all().values()) {
            List<JsonNode> rows = gold.get(model.name());
            assertThat(rows).as(model.name() + " has rows in this run").isNotEmpty();
            assertThat(apiRows(model.name(), "")).as(model.name()).containsExactlyInAnyOrderElementsOf(rows);
            JsonNode sample = rows.get(rows.size() / 2);
            for (Map.Entry<String, String> filter : model.filters().entrySet()) {
                String value = sample.path(filter.getValue()).asText();
                assertThat(apiRows(model.name(), filter.getKey() + "=" + encode(value))).as(model.name() + " " + filter)
                        .containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.path(filter.getValue()).asText().equals(value)).toList());
            }
            if (model.dateColumn() != null) {
                String day = sample.path(model.dateColumn()).asText();
                assertThat(apiRows(model.name(), "from=" + day + "&to=" + day)).as(model.name() + " on " + day)
                        .containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.path(model.dateColumn()).asText().equals(day)).toList());
                assertThat(apiRows(model.name(), "from=" + day)).as(model.name() + " from " + day)
                        .containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.path(model.dateColumn()).asText().compareTo(day) >= 0).toList());
                assertThat(apiRows(model.name(), "to=" + day)).as(model.name() + " to " + day)
                        .containsExactlyInAnyOrderElementsOf(rows.stream().filter(r -> r.path(model.dateColumn()).asText().compareTo(day) <= 0).toList());
            }
            List<JsonNode> ordered = new ArrayList<>();
            json("/api/v1/gold/" + model.name() + "?limit=" + MAX_LIMIT).path("rows").forEach(ordered::add);
            List<JsonNode> page = new ArrayList<>();
            json("/api/v1/gold/" + model.name() + "?limit=2&offset=1").path("rows").forEach(page::add);
            assertThat(page).as(model.name() + " page").isEqualTo(ordered.subList(1, Math.min(3, ordered.size())));
        }
        assertThat(gold.get("daily_active_users")).as("the run spans two UTC days").hasSize(2);
    }

    @Test
    @Order(3)
    void ordersByTheNamedColumns() throws Exception {
        List<Long> plays = new ArrayList<>();
        json("/api/v1/gold/top_tracks?order=-plays,track_id&limit=" + MAX_LIMIT).path("rows").forEach(r -> plays.add(r.path("plays").asLong()));
        assertThat(plays).hasSize(allGold().get("top_tracks").size()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    @Order(4)
    void csvCarriesTheSameRowsAndEveryResponseNamesTheBuild() throws Exception {
        HttpResponse<String> csv = get("/api/v1/gold/daily_active_users", "Accept", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("activity_date,active_users");
        Map<String, Long> fromCsv = new TreeMap<>();
        lines.stream().skip(1).forEach(l -> fromCsv.put(l.split(",")[0], Long.parseLong(l.split(",")[1])));
        assertThat(fromCsv).isEqualTo(expectedDailyActiveUsers());

        HttpResponse<String> response = get("/api/v1/gold/top_tracks");
        JsonNode body = MAPPER.readTree(response.body());
        String build = body.path("build_id").asText();
        GoldReader.Build current = app.bean(GoldReader.class).current();
        assertThat(build).isEqualTo(current.buildId());
        assertThat(body.path("as_of").asText()).isEqualTo(current.asOf().toString());
        assertThat(response.headers().firstValue("ETag")).contains("\"" + build + "\"");
        assertThat(csv.headers().firstValue("Playlog-Build-Id")).isPresent();
        HttpResponse<String> revalidated = get("/api/v1/gold/top_tracks", "If-None-Match", "\"" + build + "\"");
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(get("/api/v1/gold/top_tracks", "If-None-Match", "\"20000101T000000000Z\"").statusCode()).isEqualTo(200);
        JsonNode list = json("/api/v1/gold");
        assertThat(list.path("build_id").asText()).isEqualTo(build);
        List<String> names = new ArrayList<>();
        list.path("models").forEach(m -> names.add(m.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(GoldModels.all().keySet());
    }

    @Test
    @Order(4)
    void jsonIsTheDefaultForAnyAcceptAndCsvIsChosenByName() throws Exception {
        assertThat(get("/api/v1/gold/top_tracks", "Accept", "*/*").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        assertThat(get("/api/v1/gold/top_tracks", "Accept", "text/csv, */*;q=0.1").headers().firstValue("Content-Type")
                .orElseThrow()).startsWith("text/csv");
    }

    @Test
    @Order(5)
    void theOpenApiDocumentDescribesExactlyTheEndpointsAndTheParametersTheyValidate() throws Exception {
        JsonNode doc = json("/api/v1/openapi.json");
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        long someRun = json("/api/v1/runs?limit=1").path("runs").get(0).path("id").asLong();
        Set<String> documentedModels = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/gold", "/api/v1/runs", "/api/v1/runs/{id}", "/api/v1/openapi.json");
        for (String documented : paths) {
            String path = documented.replace("{id}", Long.toString(someRun));
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
            if (path.startsWith("/api/v1/gold/")) {
                documentedModels.add(path.substring("/api/v1/gold/".length()));
            }
            boolean hasQuery = false;
            for (JsonNode parameter : doc.path("paths").path(documented).path("get").path("parameters")) {
                if (!parameter.path("in").asText().equals("query")) {
                    continue;
                }
                hasQuery = true;
                String name = parameter.path("name").asText();
                String invalid = switch (parameter.path("schema").path("type").asText() + "/" + parameter.path("schema").path("format").asText("")) {
                    case "integer/" -> "-5";
                    case "string/date" -> "not-a-date";
                    default -> name.equals(GoldModels.ORDER) ? "no_such_column" : "x".repeat(201);
                };
                HttpResponse<String> problem = get(path + "?" + name + "=" + invalid);
                assertThat(problem.statusCode()).as(path + " " + name).isEqualTo(400);
                assertThat(MAPPER.readTree(problem.body()).path("parameter").asText()).isEqualTo(name);
            }
            if (hasQuery) {
                HttpResponse<String> undocumented = get(path + "?undocumented=1");
                assertThat(undocumented.statusCode()).as(path).isEqualTo(400);
                assertThat(MAPPER.readTree(undocumented.body()).path("parameter").asText()).isEqualTo("undocumented");
            }
        }
        assertThat(documentedModels).containsExactlyInAnyOrderElementsOf(goldTables());
    }

    @Test
    @Order(5)
    void runsRecordEveryRefreshAndBuildWithDbtsNodes() throws Exception {
        JsonNode builds = json("/api/v1/runs?kind=dbt_build&limit=1000").path("runs");
        assertThat(builds.size()).isPositive();
        JsonNode latest = builds.get(0);
        assertThat(latest.path("outcome").asText()).isEqualTo("success");
        assertThat(latest.path("build_id").asText()).matches("\\d{8}T\\d{9}Z");
        assertThat(latest.has("nodes")).as("lists leave the nodes out").isFalse();
        JsonNode run = json("/api/v1/runs/" + latest.path("id").asLong());
        assertThat(run.path("duration_ms").asLong()).isPositive();
        Map<String, Integer> statuses = new TreeMap<>();
        run.path("nodes").forEach(n -> statuses.merge(n.path("status").asText(), 1, Integer::sum));
        // the same counts the runner logged for that build ("dbt build: exit 0 in ... ms, {pass=.., success=..}")
        String summary = app.bean(DbtRunner.class).status().lastSuccessfulBuild().summary();
        statuses.forEach((status, count) -> assertThat(summary).contains(status + "=" + count));
        assertThat(run.path("nodes").get(0).has("execution_time")).isTrue();
        long registered = 0;
        for (JsonNode refresh : json("/api/v1/runs?kind=warehouse_refresh&limit=1000").path("runs")) {
            assertThat(refresh.path("outcome").asText()).isEqualTo("success");
            registered += refresh.path("files").path("new").asLong() - refresh.path("files").path("removed").asLong();
        }
        assertThat(registered).as("files registered over all refreshes")
                .isEqualTo(app.bean(dev.playlog.warehouse.WarehouseRefresher.class).lastResult().totalFiles());
        assertThat(get("/api/v1/runs/999999").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/runs/abc").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void errorsAreProblemDetailsNamingTheParameter() throws Exception {
        HttpResponse<String> response = get("/api/v1/gold/fct_plays?limit=0");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isEqualTo("Invalid parameter");
        assertThat(problem.path("type").asText()).isEqualTo("https://playlog.dev/problems/invalid-parameter");
        assertThat(problem.path("parameter").asText()).isEqualTo("limit");
        assertThat(problem.path("detail").asText()).isEqualTo("limit: must be an integer from 1 to " + MAX_LIMIT);
        HttpResponse<String> unknown = get("/api/v1/gold/bronze_listens");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(unknown.body()).path("type").asText()).isEqualTo("https://playlog.dev/problems/unknown-model");
    }

    @Test
    @Order(7)
    void healthShowsTheLastDbtOutcomeAndTheSnapshotAge() throws Exception {
        JsonNode components = json("/actuator/health").path("components");
        assertThat(components.path("dbt").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("dbt").path("details").path("lastOutcome").asText()).isEqualTo("success");
        assertThat(components.path("dbt").path("details").path("lastBuildAgeSeconds").asLong()).isBetween(0L, 600L);
        assertThat(components.path("serving").path("details").path("buildId").asText()).matches("\\d{8}T\\d{9}Z");
        assertThat(components.path("serving").path("details").path("ageSeconds").asLong()).isBetween(0L, 600L);
    }

    @Test
    @Order(8)
    void aDuckDbSessionKeptOpenAcrossBuildsNeverFailsNorMakesThePipelineFail() throws Exception {
        Path python = Path.of(PlaylogInstance.VENV, "bin", "python");
        Path script = data.resolve("serving").resolve("gold").resolve("current.sql");
        // the README's by-hand session: one in-memory DuckDB connection, kept open, re-reading current.sql per query
        String session = String.join("\n",
                "import duckdb, sys",
                "con = duckdb.connect()",
                "for line in sys.stdin:",
                "    con.execute(open(sys.argv[1]).read())",
                "    b = con.execute('select build_id from playlog_snapshot').fetchone()[0]",
                "    n = con.execute('select sum(active_users) from daily_active_users').fetchone()[0]",
                "    print(b, n, flush=True)");
        Process process = new ProcessBuilder(python.toString(), "-c", session, script.toString()).redirectErrorStream(true).start();
        long expectedSum = expectedDailyActiveUsers().values().stream().mapToLong(Long::longValue).sum();
        DbtBuildStatus outcomes = app.bean(DbtRunner.class).status();
        WarehouseLock lock = app.bean(WarehouseLock.class);
        long failuresBefore = outcomes.failures();
        Set<String> builds = new LinkedHashSet<>();
        int duringDbt = 0;
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
            String state = "";
            while (builds.size() < 4 && System.nanoTime() < deadline) {
                // one query each time the app's state changes: dbt starts building, or a new build is published
                String seen = state;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> !state().equals(seen));
                state = state();
                boolean dbtRunning = lock.holder().equals("dbt build");
                in.write("q\n");
                in.flush();
                String line = out.readLine();
                assertThat(line).as("session answer").isNotNull().matches("\\d{8}T\\d{9}Z \\d+");
                assertThat(Long.parseLong(line.split(" ")[1])).isEqualTo(expectedSum);
                builds.add(line.split(" ")[0]);
                duringDbt += dbtRunning && lock.holder().equals("dbt build") ? 1 : 0;
            }
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(builds).as("builds the open session moved through").hasSizeGreaterThanOrEqualTo(4);
        assertThat(duringDbt).as("session queries answered while dbt held the warehouse").isPositive();
        assertThat(outcomes.failures()).isEqualTo(failuresBefore);
        assertThat(outcomes.last().ok()).isTrue();
        assertThat(app.bean(dev.playlog.warehouse.WarehouseRefresher.class).lastResult().failedFiles()).isZero();
    }

    /** What the session test reacts to: who holds the warehouse and which build is current. */
    private String state() {
        return app.bean(WarehouseLock.class).holder() + "|" + app.bean(GoldReader.class).current().buildId();
    }

    @Test
    @Order(9)
    void aFailedDbtBuildPublishesNothingAndThePreviousSnapshotStaysCurrent() throws Exception {
        DbtBuildStatus outcomes = app.bean(DbtRunner.class).status();
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        WarehouseLock lock = app.bean(WarehouseLock.class);
        long failuresBefore = outcomes.failures();
        // break the next builds for real: dbt's staging view cannot be created over a missing bronze table
        lock.withLock("test: break bronze", () -> {
            try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
                st.execute("DROP VIEW bronze.listens");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        // a build that succeeded just before may still be publishing; from the first failure on, none may
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> outcomes.failures() > failuresBefore);
        String before = app.bean(GoldReader.class).current().buildId();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> outcomes.failures() >= failuresBefore + 3);
        assertThat(outcomes.last().ok()).isFalse();
        assertThat(app.bean(GoldReader.class).current().buildId()).isEqualTo(before);
        assertThat(json("/api/v1/gold/daily_active_users").path("build_id").asText()).isEqualTo(before);
        assertThat(apiDailyActiveUsers()).isEqualTo(expectedDailyActiveUsers());
        JsonNode dbt = json("/actuator/health").path("components").path("dbt").path("details");
        assertThat(dbt.path("lastOutcome").asText()).isEqualTo("failed");
        assertThat(dbt.path("failedBuilds").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode failedRun = json("/api/v1/runs?kind=dbt_build&limit=1").path("runs").get(0);
        assertThat(failedRun.path("outcome").asText()).isEqualTo("failed");
        assertThat(failedRun.path("message").asText()).contains("dbt build failed");
        assertThat(failedRun.has("build_id")).isFalse();
        List<String> nodeStatuses = new ArrayList<>();
        json("/api/v1/runs/" + failedRun.path("id").asLong()).path("nodes").forEach(n -> nodeStatuses.add(n.path("status").asText()));
        assertThat(nodeStatuses).contains("error");
        // repaired, the next build publishes again
        lock.withLock("test: repair bronze", () -> {
            warehouse.bootstrap();
            return null;
        });
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !app.bean(GoldReader.class).current().buildId().equals(before));
        assertThat(apiDailyActiveUsers()).isEqualTo(expectedDailyActiveUsers());
    }
}
