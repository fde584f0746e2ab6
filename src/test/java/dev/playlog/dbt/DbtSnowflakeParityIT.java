package dev.playlog.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playlog.event.ListenEvent;
import dev.playlog.lake.LakeSchema;
import dev.playlog.serving.GoldModels;
import dev.playlog.serving.GoldPage;
import dev.playlog.serving.GoldValues;
import dev.playlog.serving.InvalidParameterException;
import dev.playlog.serving.NoSnapshotException;
import dev.playlog.serving.ServingProperties;
import dev.playlog.serving.SnowflakeGold;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.warehouse.FakesnowServer;
import dev.playlog.warehouse.SnowflakeDataSources;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dbt models run unchanged on DuckDB and on Snowflake's protocol: the same bronze rows (simulated events plus
 * duplicates and contract-breaking rows) are loaded into a DuckDB file and, as a plain table (fakesnow has no
 * external tables), into a fakesnow server; {@code dbt build} runs on both targets through Playlog's DbtRunner
 * (dbt-duckdb and dbt-snowflake, the profiles in config/profiles.yml) and every gold table is compared row for row,
 * the Snowflake side read back through snowflake-jdbc.
 *
 * <p>On fakesnow the build leaves out dbt's unit tests ({@code --exclude test_type:unit}): dbt-snowflake runs them
 * through temporary tables, which fakesnow rejects. The same goes for incremental runs of silver, so the Snowflake
 * side here is a first (full) build; the DuckDB side runs the unit tests too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbtSnowflakeParityIT {

    private static final long SEED = 4242L;
    private static final int EVENTS = 600;
    private static final int DUPLICATES = 40;
    private static final Instant START = Instant.parse("2026-11-20T22:30:00Z");
    private static final List<String> GOLD = List.of("fct_plays", "dim_tracks", "dim_artists", "dim_users",
            "dim_devices", "dim_countries", "top_tracks", "top_artists", "skip_rate_by_track", "skip_rate_by_artist",
            "device_usage", "daily_active_users", "daily_user_stats", "user_engagement", "country_engagement_daily",
            "user_retention", "weekly_cohort_retention");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String VENV = Path.of(".venv").toAbsolutePath().toString();

    @TempDir
    static Path tmp;

    private FakesnowServer fakesnow;
    private WarehouseProperties.Snowflake snowflakeConfig;
    private DataSource snowflake;
    private Path duckdbFile;
    private List<Map<String, Object>> bronze;

    @BeforeAll
    void seed() throws Exception {
        bronze = bronzeRows();
        fakesnow = FakesnowServer.start(tmp.resolve("fakesnow"));
        snowflakeConfig = fakesnow.properties(false, false);
        snowflake = SnowflakeDataSources.create(snowflakeConfig);
        FakesnowServer.createDatabase(snowflake);
        try (Connection c = snowflake.getConnection()) {
            load(c, "CREATE SCHEMA IF NOT EXISTS " + FakesnowServer.DATABASE + ".BRONZE", "BRONZE.LISTENS", snowflakeTypes());
        }
        duckdbFile = tmp.resolve("warehouse/playlog.duckdb");
        java.nio.file.Files.createDirectories(duckdbFile.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile)) {
            load(c, "CREATE SCHEMA IF NOT EXISTS bronze", "bronze.listens", LakeSchema.COLUMNS);
        }
    }

    @AfterAll
    void stop() {
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    @Test
    @Order(1)
    void goldTablesAreTheSameRowForRowOnDuckDbAndSnowflake() throws Exception {
        DbtRunSummary onDuckDb = runner("duckdb", "", WarehouseProperties.Type.duckdb).build();
        DbtRunSummary onSnowflake = runner("snowflake", "test_type:unit", WarehouseProperties.Type.snowflake).build();
        assertThat(onDuckDb.ok()).as("duckdb: %s", onDuckDb).isTrue();
        assertThat(onSnowflake.ok()).as("snowflake: %s", onSnowflake).isTrue();
        assertThat(onSnowflake.counts()).containsKeys("success", "pass").doesNotContainKeys("error", "fail", "skipped");
        // the DuckDB build also ran the unit tests that the fakesnow build leaves out
        assertThat(onDuckDb.counts().get("pass")).isGreaterThan(onSnowflake.counts().get("pass"));

        Map<String, List<List<String>>> duckGold = new LinkedHashMap<>();
        Map<String, List<List<String>>> snowGold = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile);
                Connection snow = snowflake.getConnection()) {
            for (String table : GOLD) {
                duckGold.put(table, rows(duck, "SELECT * FROM gold." + table));
                snowGold.put(table, rows(snow, "SELECT * FROM GOLD." + table.toUpperCase()));
            }
            long validEvents = bronze.stream().filter(r -> "mobile desktop web tablet speaker tv car console unknown"
                    .contains(String.valueOf(r.get("device_type"))) && r.get("user_id") != null)
                    .map(r -> r.get("event_id")).distinct().count();
            assertThat(single(duck, "SELECT count(*) FROM silver.listen_events")).isEqualTo(validEvents);
            assertThat(single(snow, "SELECT count(*) FROM SILVER.LISTEN_EVENTS")).isEqualTo(validEvents);
            assertThat(single(snow, "SELECT count(*) FROM SILVER.LISTEN_EVENTS_REJECTED")).isEqualTo(2);
        }
        for (String table : GOLD) {
            assertThat(snowGold.get(table)).as("gold.%s rows", table).isNotEmpty()
                    .containsExactlyElementsOf(duckGold.get(table));
        }
        // a sanity check on the metric itself, not only on the two warehouses agreeing
        assertThat(duckGold.get("daily_active_users")).hasSize(2);
        assertThat(duckGold.get("weekly_cohort_retention")).filteredOn(r -> r.contains("weeks_since_first_seen=0"))
                .isNotEmpty().allSatisfy(r -> assertThat(r).contains("retention_rate=1"));
    }

    /**
     * The read API's Snowflake implementation over the gold that the first test built: every model, unfiltered and with
     * each of its filters and date range, returns exactly the rows of its table in Snowflake.
     */
    @Test
    @Order(2)
    void theReadApisSnowflakeReaderReturnsTheGoldTablesRows() throws Exception {
        ServingProperties serving = new ServingProperties(tmp.resolve("serving").toString(), 3, java.time.Duration.ZERO,
                100, 10_000, 100);
        SnowflakeGold gold = new SnowflakeGold(snowflake, snowflakeConfig, serving, java.time.Clock.systemUTC());
        assertThatThrownBy(gold::current).isInstanceOf(NoSnapshotException.class);
        String build = gold.publish(new DbtRunSummary(0, 1, Map.of(), List.of()));
        assertThat(gold.current().rows()).containsOnlyKeys(GoldModels.all().keySet());
        try (Connection snow = snowflake.getConnection()) {
            for (GoldModels.Model model : GoldModels.all().values()) {
                List<List<Object>> table = goldValues(snow, model.name(), null, null);
                GoldPage all = gold.read(model.name(), Map.of("limit", List.of("10000")));
                assertThat(all.buildId()).isEqualTo(build);
                assertThat(all.rows()).as(model.name()).isNotEmpty().containsExactlyInAnyOrderElementsOf(table);
                assertThat(gold.current().rows().get(model.name())).isEqualTo(table.size());
                List<Object> sample = table.get(table.size() / 2);
                for (Map.Entry<String, String> filter : model.filters().entrySet()) {
                    Object value = sample.get(all.columns().indexOf(filter.getValue()));
                    assertThat(gold.read(model.name(), Map.of("limit", List.of("10000"), filter.getKey(), List.of(String.valueOf(value)))).rows())
                            .as(model.name() + " " + filter).containsExactlyInAnyOrderElementsOf(
                                    goldValues(snow, model.name(), filter.getValue(), String.valueOf(value)));
                }
                if (model.dateColumn() != null) {
                    Object day = sample.get(all.columns().indexOf(model.dateColumn()));
                    assertThat(gold.read(model.name(), Map.of("limit", List.of("10000"), "from", List.of(day.toString()),
                            "to", List.of(day.toString()))).rows()).as(model.name() + " on " + day)
                            .containsExactlyInAnyOrderElementsOf(goldValues(snow, model.name(), model.dateColumn(), day));
                }
                List<List<Object>> page = gold.read(model.name(), Map.of("limit", List.of("2"), "offset", List.of("1"))).rows();
                assertThat(page).isEqualTo(all.rows().subList(1, Math.min(3, all.rows().size())));
            }
        }
        assertThatThrownBy(() -> gold.read("top_tracks", Map.of("order", List.of("nope"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("order"));
    }

    /** Rows of a gold table on Snowflake as the read API renders values, optionally where one column equals a value. */
    private static List<List<Object>> goldValues(Connection c, String model, String column, Object value) throws SQLException {
        String sql = "SELECT * FROM GOLD." + model.toUpperCase() + (column == null ? ""
                : " WHERE " + column.toUpperCase() + " = " + (column.endsWith("_date") || column.equals("cohort_week") ? "CAST(? AS DATE)" : "?"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (column != null) {
                ps.setObject(1, value.toString());
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(GoldValues.of(rs.getObject(i)));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private DbtRunner runner(String target, String exclude, WarehouseProperties.Type type) {
        DbtProperties properties = new DbtProperties("dbt", "config", target, VENV, "dbt/requirements.txt", "python3",
                "0 0 * * * ?", 900, exclude);
        WarehouseProperties warehouse = new WarehouseProperties(type, "0 0 * * * ?",
                new WarehouseProperties.DuckDb(duckdbFile.toString(), tmp.resolve("mirror").toString(), WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT), snowflakeConfig);
        return new DbtRunner(properties, new DbtEnvironment(properties), new WarehouseLock(), warehouse,
                new SimpleMeterRegistry());
    }

    /** Simulated events as the lake writer stores them, then late copies of some and two rows silver must reject. */
    private static List<Map<String, Object>> bronzeRows() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, 40, 120);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(START, 1, i * 10L));
            rows.add(row(e, 0, i, Instant.parse(e.playedAt()).plusSeconds(5)));
        }
        for (int i = 0; i < DUPLICATES; i++) {
            Map<String, Object> copy = new LinkedHashMap<>(rows.get(i * 7));
            copy.put("kafka_partition", 1);
            copy.put("kafka_offset", 10_000L + i);
            copy.put("ingested_at", timestamp(Instant.parse("2026-11-21T12:00:00Z").plusSeconds(i)));
            rows.add(copy);
        }
        Map<String, Object> badDevice = new LinkedHashMap<>(rows.get(1));
        badDevice.put("event_id", "ffffffffffffffffffffffffffffff01");
        badDevice.put("device_type", "fridge");
        rows.add(badDevice);
        Map<String, Object> noUser = new LinkedHashMap<>(rows.get(2));
        noUser.put("event_id", "ffffffffffffffffffffffffffffff02");
        noUser.put("user_id", null);
        rows.add(noUser);
        return rows;
    }

    private static Map<String, Object> row(ListenEvent e, int partition, long offset, Instant ingestedAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema_version", e.schemaVersion());
        r.put("event_id", e.eventId());
        r.put("event_type", e.eventType());
        r.put("user_id", e.userId());
        r.put("session_id", e.sessionId());
        r.put("track_id", e.trackId());
        r.put("track_name", e.trackName());
        r.put("artist_id", e.artistId());
        r.put("artist_name", e.artistName());
        r.put("album_id", e.albumId());
        r.put("album_name", e.albumName());
        r.put("duration_ms", e.durationMs());
        r.put("ms_played", e.msPlayed());
        r.put("device_type", e.deviceType());
        r.put("country", e.country());
        r.put("subscription", e.subscription());
        r.put("context_type", e.contextType());
        r.put("context_uri", e.contextUri());
        r.put("played_at", timestamp(Instant.parse(e.playedAt())));
        r.put("source", e.source());
        r.put("shuffle", e.shuffle());
        r.put("reason_start", e.reasonStart());
        r.put("reason_end", e.reasonEnd());
        r.put("platform", e.platform());
        r.put("isrc", e.isrc());
        r.put("explicit", e.explicit());
        r.put("kafka_topic", "listens");
        r.put("kafka_partition", partition);
        r.put("kafka_offset", offset);
        r.put("ingested_at", timestamp(ingestedAt));
        assertThat(r.keySet()).containsExactlyElementsOf(LakeSchema.COLUMNS.keySet());
        return r;
    }

    /** Timestamps travel as text so neither driver shifts them by the JVM's time zone. */
    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Map<String, String> snowflakeTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        LakeSchema.COLUMNS.forEach((name, type) -> types.put(name, type.equals("TIMESTAMP") ? "TIMESTAMP_NTZ" : type));
        return types;
    }

    private void load(Connection c, String createSchema, String table, Map<String, String> types) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(createSchema);
            st.execute("CREATE TABLE " + table + " (" + types.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + ", \"DATE\" VARCHAR, \"HOUR\" VARCHAR)");
        }
        String insert = "INSERT INTO " + table + " VALUES (" + "?, ".repeat(types.size() + 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            int n = 0;
            for (Map<String, Object> row : bronze) {
                int i = 1;
                for (Object value : row.values()) {
                    ps.setObject(i++, value);
                }
                String playedAt = (String) row.get("played_at");
                ps.setString(i++, playedAt.substring(0, 10));
                ps.setString(i, playedAt.substring(11, 13));
                ps.addBatch();
                if (++n % 100 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows loaded into %s", table).isEqualTo(bronze.size());
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** All rows with warehouse-neutral values (numbers to 6 decimals, timestamps as wall clock), sorted. */
    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.add(md.getColumnLabel(i).toLowerCase());
            }
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(header.get(i - 1) + "=" + normalise(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    private static String normalise(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        return value.toString();
    }
}
