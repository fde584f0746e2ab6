package dev.playlog.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.alerts.AlertEvaluator;
import dev.playlog.alerts.AlertMail;
import dev.playlog.alerts.AlertWebhook;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.event.ListenEventMessages;
import dev.playlog.lake.DeadLetters;
import dev.playlog.lake.LakeWriter;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.runs.RunRecorder;
import dev.playlog.serving.GoldPublisher;
import dev.playlog.simulator.Simulator;
import dev.playlog.sources.SourceSwitch;
import dev.playlog.sources.SourcesController;
import dev.playlog.spotify.ExportFormat;
import dev.playlog.spotify.SpotifyHistoryImporter;
import dev.playlog.spotify.SpotifyPoller;
import dev.playlog.warehouse.WarehouseRefresher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every route file in {@code routes/}: one route (or route configuration) per file, id equal to the file name,
 * a comment saying what it does, and every bean ref, {@code #bean} parameter, routeConfigurationId and
 * {@code {{placeholder}}} resolving against the Java constants and the default configuration.
 */
class RouteFilesConsistencyTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Set<String> BEANS = Set.of(Simulator.BEAN, ListenEventMessages.BEAN, LakeWriter.BEAN, DeadLetters.BEAN,
            WarehouseRefresher.BEAN, DbtRunner.BEAN, GoldPublisher.BEAN, S3ClientConfiguration.CLIENT_BEAN,
            SpotifyPoller.BEAN,
            SpotifyHistoryImporter.BEAN, AlertEvaluator.BEAN, AlertMail.BEAN, AlertWebhook.BEAN);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}]+)}}");

    private List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void eachFileHoldsOneDocumentedRouteNamedAfterTheFile() throws IOException {
        List<Path> files = routeFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            String text = Files.readString(file);
            assertThat(text).as(file + " starts with a comment saying what it does").startsWith("# ");
            List<Map<String, Map<String, Object>>> doc = new Yaml().load(text);
            assertThat(doc).as(file + " holds exactly one route").hasSize(1);
            Map<String, Object> route = doc.get(0).values().iterator().next();
            String expectedId = file.getFileName().toString().replace(".camel.yaml", "");
            assertThat(route.get("id")).as("id of " + file).isEqualTo(expectedId);
        }
    }

    @Test
    void beanRefsConfigurationIdsAndPlaceholdersResolve() throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        new YamlPropertySourceLoader().load("defaults", new ClassPathResource("application.yaml"))
                .forEach(env.getPropertySources()::addLast);
        env.getPropertySources().addLast(new MapPropertySource("derived", SourceSwitch.derive(env)));
        Set<String> configurationIds = new HashSet<>();
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Path file : routeFiles()) {
            List<Map<String, Map<String, Object>>> doc = new Yaml().load(Files.readString(file));
            doc.get(0).forEach((kind, body) -> {
                if (kind.equals("routeConfiguration")) {
                    configurationIds.add((String) body.get("id"));
                } else {
                    assertThat(kind).isEqualTo("route");
                    routes.add(body);
                }
            });
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                assertThat(env.containsProperty(m.group(1)) || m.group(0).startsWith("{{?"))
                        .as(file + ": placeholder " + m.group(0) + " has a default in application.yaml").isTrue();
            }
        }
        for (Map<String, Object> route : routes) {
            assertThat(configurationIds).as("routeConfigurationId of " + route.get("id"))
                    .contains((String) route.get("routeConfigurationId"));
            List<String> refs = new ArrayList<>();
            collect(route, refs);
            assertThat(refs).as("bean references in " + route.get("id")).isNotEmpty();
            assertThat(BEANS).as("bean references in " + route.get("id")).containsAll(refs);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (("bean".equals(k) || "method".equals(k)) && v instanceof Map<?, ?> bean) {
                    refs.add((String) bean.get("ref"));
                }
                if (v instanceof String s && s.startsWith("#")) {
                    refs.add(s.substring(1));
                }
                collect(v, refs);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, refs));
        }
    }

    @Test
    void alertEndpointsNameTheDeliveryRouteFiles() throws IOException {
        assertThat(Files.readString(ROUTES.resolve("alerts-email.camel.yaml"))).contains("uri: " + AlertEvaluator.EMAIL_ENDPOINT);
        assertThat(Files.readString(ROUTES.resolve("alerts-webhook.camel.yaml"))).contains("uri: " + AlertEvaluator.WEBHOOK_ENDPOINT);
    }

    @Test
    void theRunRecordersRouteIdsNameRouteFiles() {
        for (String route : List.of(RunRecorder.REFRESH_ROUTE, RunRecorder.DBT_ROUTE)) {
            assertThat(ROUTES.resolve(route + ".camel.yaml")).as("route " + route + " the run history records").exists();
        }
    }

    @Test
    void sourceSwitchRoutesExistAndStartFromTheDerivedFlags() throws IOException {
        for (String route : SourcesController.ROUTES.values().stream().flatMap(List::stream).toList()) {
            Path file = ROUTES.resolve(route + ".camel.yaml");
            assertThat(file).exists();
            assertThat(Files.readString(file)).containsAnyOf("autoStartup: \"{{" + SourceSwitch.SIMULATOR_ENABLED + "}}\"",
                    "autoStartup: \"{{" + SourceSwitch.SPOTIFY_ENABLED + "}}\"");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void importRouteIncludesExactlyTheExportFileNames() throws IOException {
        List<Map<String, Map<String, Object>>> doc = new Yaml().load(Files.readString(ROUTES.resolve("spotify-import.camel.yaml")));
        Map<String, Object> from = (Map<String, Object>) doc.get(0).get("route").get("from");
        Map<String, Object> parameters = (Map<String, Object>) from.get("parameters");
        assertThat(parameters.get("include")).isEqualTo(ExportFormat.FILE_NAME_REGEX);
    }
}
