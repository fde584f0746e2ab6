package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The app with {@code playlog.security.enabled=true}: a viewer from configuration, an operator from a users file,
 * a Prometheus scrape token; what each may do, the login form, its cookies and logout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAndRolesIT {

    private static final String VIEWER_PASSWORD = "viewer-pass-1";
    private static final String OPERATOR_PASSWORD = "operator-pass-2";
    private static final String SCRAPE_TOKEN = "scrape-token-for-tests";
    private static final String ROUTE = "simulator-produce";

    @TempDir
    static Path data;

    private PlaylogInstance app;
    private final HttpClient anonymous = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        Path usersFile = data.resolve("users");
        Files.writeString(usersFile, "# name:hash:roles\nops:{bcrypt}" + bcrypt.encode(OPERATOR_PASSWORD) + ":operator\n");
        app = new PlaylogInstance(data.resolve("app"))
                .with("playlog.simulator.rate", 20)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .with("playlog.security.enabled", true)
                .with("playlog.security.users[0].name", "ann")
                .with("playlog.security.users[0].password-hash", bcrypt.encode(VIEWER_PASSWORD))
                .with("playlog.security.users[0].roles", "viewer")
                .with("playlog.security.users-file", usersFile)
                .with("playlog.security.scrape-token", SCRAPE_TOKEN)
                .start();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void anonymousGetsOnlyHealthAndTheLoginPage() throws Exception {
        assertThat(get(anonymous, "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get(anonymous, "/login", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/api/sources", "/actuator/prometheus", "/actuator/hawtio/", "/spotify")) {
            HttpResponse<String> response = get(anonymous, path, null);
            assertThat(response.statusCode()).as(path).isIn(401, 302);
            assertThat(response.body()).as(path).doesNotContain("simulator-produce").doesNotContain("jvm_memory");
        }
    }

    @Test
    void aViewerReadsButCannotOperate() throws Exception {
        String viewer = basic("ann", VIEWER_PASSWORD);
        assertThat(get(anonymous, "/api/sources", viewer).statusCode()).isEqualTo(200);
        assertThat(get(anonymous, "/actuator/prometheus", viewer).statusCode()).isEqualTo(200);
        assertThat(get(anonymous, "/actuator/hawtio/", viewer).statusCode()).isEqualTo(403);
        assertThat(get(anonymous, "/api/sources", basic("ann", "wrong")).statusCode()).isEqualTo(401);

        Session session = new Session();
        HttpResponse<String> stop = session.post("/api/sources/simulator/stop", viewer);
        assertThat(stop.statusCode()).isEqualTo(403);
        HttpResponse<String> jolokia = session.post("/actuator/jolokia", viewer);
        assertThat(jolokia.statusCode()).isEqualTo(403);
        assertThat(status()).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void anOperatorFromTheUsersFileDrivesJolokiaAndSources() throws Exception {
        String operator = basic("ops", OPERATOR_PASSWORD);
        Session session = new Session();
        String stop = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=playlog,type=routes,name=\\\"" + ROUTE
                + "\\\"\",\"operation\":\"stop()\"}";
        assertThat(session.postJson("/actuator/jolokia", operator, stop).body()).contains("\"status\":200");
        assertThat(status()).isEqualTo(ServiceStatus.Stopped);
        assertThat(session.post("/api/sources/simulator/start", operator).statusCode()).isEqualTo(200);
        assertThat(status()).isEqualTo(ServiceStatus.Started);
        assertThat(get(anonymous, "/actuator/hawtio/", operator).statusCode()).isEqualTo(200);
        // the operator's session still needs the CSRF token
        assertThat(session.postWithoutToken("/api/sources/simulator/stop", operator).statusCode()).isEqualTo(403);
        assertThat(status()).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void prometheusScrapesWithItsTokenAndOnlyThere() throws Exception {
        HttpResponse<String> scrape = get(anonymous, "/actuator/prometheus", "Bearer " + SCRAPE_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
        assertThat(get(anonymous, "/actuator/prometheus", "Bearer not-" + SCRAPE_TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(anonymous, "/api/sources", "Bearer " + SCRAPE_TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginFormGivesAnHttpOnlySameSiteSessionAndLogoutEndsIt() throws Exception {
        Session session = new Session();
        HttpResponse<String> form = session.get("/login");
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("login form carries a CSRF token").isTrue();
        HttpResponse<String> login = session.form("/login", "username=ops&password="
                + URLEncoder.encode(OPERATOR_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String sessionCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(sessionCookie).contains("HttpOnly").contains("SameSite=Lax");
        assertThat(session.get("/api/sources").statusCode()).isEqualTo(200);

        assertThat(session.post("/logout", null).statusCode()).as("204 for a client that did not ask for HTML").isIn(204, 302);
        assertThat(session.get("/api/sources").statusCode()).isIn(401, 302);
    }

    private ServiceStatus status() {
        return app.bean(CamelContext.class).getRouteController().getRouteStatus(ROUTE);
    }

    private HttpResponse<String> get(HttpClient client, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A client with cookies, like one browser tab. */
    private final class Session {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(app.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        String token() throws Exception {
            get("/login");
            return cookies.getCookieStore().get(app.uri("/")).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
        }

        HttpResponse<String> post(String path, String authorization) throws Exception {
            return postJson(path, authorization, null);
        }

        HttpResponse<String> postJson(String path, String authorization, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).header("X-XSRF-TOKEN", token())
                    .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postWithoutToken(String path, String authorization) throws Exception {
            return client.send(HttpRequest.newBuilder(app.uri(path)).header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> form(String path, String body) throws Exception {
            return client.send(HttpRequest.newBuilder(app.uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
