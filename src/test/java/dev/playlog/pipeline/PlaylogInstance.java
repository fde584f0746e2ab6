package dev.playlog.pipeline;

import dev.playlog.PlaylogApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real Playlog application (embedded Kafka, S3 server, DuckDB, dbt, the real route files) in this JVM on
 * free ports with its data under a test folder, and can stop and start it again on the same folder and ports.
 */
final class PlaylogInstance implements AutoCloseable {

    /** The repository's dbt virtualenv: installed once by the first test that needs it, reused afterwards. */
    static final String VENV = Path.of(".venv").toAbsolutePath().toString();

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;

    PlaylogInstance(Path dataDir) {
        properties.put("playlog.data-dir", dataDir.toAbsolutePath().toString());
        properties.put("playlog.routes-dir", Path.of("routes").toAbsolutePath().toString());
        properties.put("playlog.embedded.kafka.port", freePort());
        properties.put("playlog.embedded.kafka.controller-port", freePort());
        properties.put("playlog.embedded.s3.port", freePort());
        properties.put("playlog.dbt.venv", VENV);
        properties.put("server.port", 0);
        properties.put("camel.main.shutdown-timeout", 20);
    }

    PlaylogInstance with(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    PlaylogInstance start() {
        // command-line arguments, so they override application.yaml like an operator's flags would
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = new SpringApplicationBuilder(PlaylogApplication.class).run(args);
        return this;
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int httpPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Keeps cookies like a browser: the session and the {@code XSRF-TOKEN} that state-changing requests echo. */
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    /** GET on the app's HTTP port (redirects are not followed). */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POST of a JSON body, or of no body when {@code json} is null, as the app's own pages send it: with the CSRF token
     * from the {@code XSRF-TOKEN} cookie in the {@code X-XSRF-TOKEN} header (fetched first if this client has none).
     */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-XSRF-TOKEN", csrfToken());
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code XSRF-TOKEN} cookie's value, which any response of the app sets for a client that has none. */
    String csrfToken() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            for (HttpCookie cookie : cookies.getCookieStore().get(uri("/"))) {
                if (cookie.getName().equals("XSRF-TOKEN")) {
                    return cookie.getValue();
                }
            }
            get("/actuator/health");
        }
        throw new AssertionError("The app set no XSRF-TOKEN cookie");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
