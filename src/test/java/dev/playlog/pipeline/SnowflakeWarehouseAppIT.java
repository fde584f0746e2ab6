package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtProperties;
import dev.playlog.warehouse.CamelJdbc;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.FakesnowServer;
import dev.playlog.warehouse.SnowflakeDataSources;
import dev.playlog.warehouse.SnowflakeWarehouse;
import dev.playlog.warehouse.WarehouseDialect;
import dev.playlog.warehouse.WarehouseRefresher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real application with {@code playlog.warehouse.type=snowflake}, pointed at a fakesnow server: the Snowflake
 * beans replace DuckDB's, bootstrap runs at start-up and again from {@code POST /actuator/warehouse}, the health
 * component reports Snowflake, dbt's target follows the warehouse type, and the unchanged warehouse-refresh route
 * calls the same refresher bean. The stage and external table are left out (fakesnow has neither; their SQL is
 * pinned by SnowflakeSqlTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeWarehouseAppIT {

    @TempDir
    static Path data;

    private FakesnowServer fakesnow;
    private DataSource dataSource;
    private PlaylogInstance app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        fakesnow = FakesnowServer.start(data.resolve("fakesnow"));
        dataSource = SnowflakeDataSources.create(fakesnow.properties(false, false));
        FakesnowServer.createDatabase(dataSource);
        app = new PlaylogInstance(data.resolve("app"))
                .with("playlog.simulator.enabled", false)
                .with("playlog.warehouse.type", "snowflake")
                // far in the future: this test calls the refresher itself
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .with("playlog.warehouse.snowflake.account", "fakesnow")
                .with("playlog.warehouse.snowflake.user", "playlog")
                .with("playlog.warehouse.snowflake.password", "fakesnow-password")
                .with("playlog.warehouse.snowflake.host", "127.0.0.1")
                .with("playlog.warehouse.snowflake.port", fakesnow.port())
                .with("playlog.warehouse.snowflake.ssl", false)
                .with("playlog.warehouse.snowflake.database", FakesnowServer.DATABASE)
                .with("playlog.warehouse.snowflake.silver-schema", "SILVER_APP")
                .with("playlog.warehouse.snowflake.bootstrap", true)
                .with("playlog.warehouse.snowflake.create-lake-objects", false)
                .start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    private List<String> schemas() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT schema_name FROM PLAYLOG.information_schema.schemata")) {
            while (rs.next()) {
                names.add(rs.getString(1).toUpperCase());
            }
        }
        return names;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + path);
    }

    @Test
    void snowflakeBeansReplaceDuckDbAndBootstrapRanAtStartUp() throws Exception {
        assertThat(app.bean(WarehouseDialect.class)).isInstanceOf(SnowflakeWarehouse.class);
        assertThat(app.context().getBeanNamesForType(DuckDbWarehouse.class)).isEmpty();
        assertThat(schemas()).contains("BRONZE", "SILVER_APP", "GOLD");
        assertThat(app.bean(DbtProperties.class).target()).isEqualTo("snowflake");
    }

    @Test
    void camelJdbcFindsTheSnowflakeDataSourceBean() {
        CamelJdbc jdbc = app.bean(CamelJdbc.class);
        assertThat(jdbc.uri()).startsWith("jdbc:snowflakeDataSource?");
        assertThat(jdbc.query("SELECT 42 AS \"ANSWER\"")).singleElement()
                .satisfies(row -> assertThat(row.values()).singleElement().asString().isEqualTo("42"));
        assertThat(app.bean(CamelContext.class).getRoute("warehouse-refresh")).isNotNull();
    }

    @Test
    void healthReportsSnowflakeAndTheEndpointBootstrapsAgain() throws Exception {
        JsonNode health = json.readTree(send(HttpRequest.newBuilder(uri("/actuator/health"))).body());
        assertThat(health.at("/components/warehouse/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/warehouse/details/type").asText()).isEqualTo("snowflake");

        HttpResponse<String> bootstrap = app.post("/actuator/warehouse", null); // with the CSRF token, as a page would
        assertThat(bootstrap.statusCode()).isEqualTo(200);
        assertThat(json.readTree(bootstrap.body()).path("bootstrapped").asBoolean()).isTrue();

        JsonNode status = json.readTree(send(HttpRequest.newBuilder(uri("/actuator/warehouse"))).body());
        assertThat(status.path("type").asText()).isEqualTo("snowflake");
    }

    @Test
    void theReadApiReadsGoldInSnowflakeAndAnswers503BeforeTheFirstBuild() throws Exception {
        assertThat(app.bean(dev.playlog.serving.GoldReader.class)).isInstanceOf(dev.playlog.serving.SnowflakeGold.class);
        assertThat(app.context().getBeanNamesForType(dev.playlog.serving.SnapshotStore.class)).isEmpty();
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/v1/gold/top_tracks")));
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(json.readTree(none.body()).path("type").asText()).isEqualTo("https://playlog.dev/problems/no-snapshot");
        JsonNode health = json.readTree(send(HttpRequest.newBuilder(uri("/actuator/health"))).body());
        assertThat(health.at("/components/serving/details/snapshot").asText()).isEqualTo("none yet");
        assertThat(health.at("/components/dbt/details/lastOutcome").asText()).isEqualTo("none yet");
    }

    @Test
    void theRefresherBeanTheRouteCallsSendsAlterExternalTableToSnowflake() {
        // fakesnow cannot parse ALTER EXTERNAL TABLE; reaching that error proves the statement went to the server
        WarehouseRefresher refresher = app.bean(WarehouseRefresher.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(refresher::refresh)
                .hasMessageContaining("EXTERNAL");
    }
}
