package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks a web page in the user's browser could make on a Playlog running on loopback with no login (the
 * default), each against the real app: refused, and nothing happened (the route still runs, no file was written).
 * Requests are built by hand with exactly the headers a browser would send for that attack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserAttacksIT {

    private static final String EVIL = "http://evil.example";
    private static final String ROUTE = "simulator-produce";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=playlog,type=routes,name=\\\"" + ROUTE + "\\\"";
    private static final String CONTEXT_MBEAN = "org.apache.camel:context=playlog,type=context,name=\\\"playlog\\\"";
    private static final String STOP_ROUTE = "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"stop()\"}";

    @TempDir
    static Path data;
    @TempDir
    static Path target;

    private PlaylogInstance app;
    private final HttpClient browser = HttpClient.newHttpClient(); // no cookies: a foreign page cannot read ours

    @BeforeAll
    void start() {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.rate", 20)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aForgedOriginIsRefusedAndNeverEchoed() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(app.uri("/actuator/jolokia"))
                .header("Origin", EVIL).header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", app.csrfToken()) // even a stolen token does not help a foreign origin
                .POST(HttpRequest.BodyPublishers.ofString(STOP_ROUTE)));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(app.uri("/actuator/jolokia"))
                .header("Origin", EVIL).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertRouteStillStarted();
    }

    @Test
    void aForeignHostHeaderIsRefusedSoDnsRebindingFails() throws Exception {
        assertThat(rawGet("/actuator/health", "evil.example:" + app.httpPort())).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/actuator/hawtio/", "rebind.attacker.test")).startsWith("HTTP/1.1 400");
        // the names a local user types still work
        assertThat(rawGet("/actuator/health", "127.0.0.1:" + app.httpPort())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/actuator/health", "localhost:" + app.httpPort())).startsWith("HTTP/1.1 200");
    }

    @Test
    void aCrossOriginTextPlainPostCannotStopARoute() throws Exception {
        // what fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include', body}) sends: no preflight
        HttpResponse<String> response = send(HttpRequest.newBuilder(app.uri("/actuator/jolokia"))
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors")
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(STOP_ROUTE)));
        assertThat(response.statusCode()).isEqualTo(403);
        // the same request from a browser that sends neither Origin nor fetch metadata still lacks the CSRF token
        HttpResponse<String> bare = send(HttpRequest.newBuilder(app.uri("/actuator/jolokia"))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(STOP_ROUTE)));
        assertThat(bare.statusCode()).isEqualTo(403);
        assertRouteStillStarted();
    }

    @Test
    void aJolokiaGetCannotExecuteAnOperation() throws Exception {
        // an <img src> or a link: a GET, which no CSRF token protects, so Jolokia itself allows only POST
        String path = "/actuator/jolokia/exec/org.apache.camel:context=playlog,type=routes,name=%22" + ROUTE + "%22/stop()";
        HttpResponse<String> fromImage = send(HttpRequest.newBuilder(app.uri(path))
                .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "no-cors").GET());
        assertThat(fromImage.statusCode()).isEqualTo(403);
        HttpResponse<String> typed = send(HttpRequest.newBuilder(app.uri(path)).GET());
        assertThat(typed.body()).contains("\"status\":403").doesNotContain("\"status\":200");
        assertRouteStillStarted();
    }

    @Test
    void camelSendBodyCannotWriteAFileEvenFromTheAppsOwnOrigin() throws Exception {
        Path pwned = target.resolve("pwned.txt");
        String uri = "file:" + target.toAbsolutePath().toString().replace('\\', '/') + "?fileName=pwned.txt";
        for (String operation : new String[] {"sendBody(java.lang.String,java.lang.Object)",
                "sendStringBody(java.lang.String,java.lang.String)", "requestBody(java.lang.String,java.lang.Object)"}) {
            String exec = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT_MBEAN + "\",\"operation\":\"" + operation
                    + "\",\"arguments\":[\"" + uri + "\",\"owned\"]}";
            HttpResponse<String> response = app.post("/actuator/jolokia", exec);
            assertThat(response.body()).as(operation).contains("\"status\":403");
        }
        String addRoute = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT_MBEAN + "\",\"operation\":\"addOrUpdateRoutesFromXml(java.lang.String)\","
                + "\"arguments\":[\"<routes/>\"]}";
        assertThat(app.post("/actuator/jolokia", addRoute).body()).contains("\"status\":403");
        assertThat(pwned).doesNotExist();
        assertThat(Files.list(target)).isEmpty();
    }

    @Test
    void diagnosticCommandsHeapDumpsAndFlightRecordingsAreDenied() throws Exception {
        Path heap = target.resolve("heap.hprof");
        String[] requests = {
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmVersion()\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"jvmtiAgentLoad([Ljava.lang.String;)\",\"arguments\":[[\"/tmp/agent.so\"]]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\""
                        + heap.toString().replace('\\', '/') + "\",true]}",
                "{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\",\"operation\":\"newRecording()\"}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
        };
        for (String request : requests) {
            assertThat(app.post("/actuator/jolokia", request).body()).as(request).contains("\"status\":403");
        }
        assertThat(heap).doesNotExist();
    }

    @Test
    void aCrossSiteFormPostToSourcesIsRefused() throws Exception {
        // <form method=post action=http://127.0.0.1:8080/api/sources/simulator/stop> submitted by a foreign page
        HttpResponse<String> response = send(HttpRequest.newBuilder(app.uri("/api/sources/simulator/stop"))
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
        assertThat(response.statusCode()).isEqualTo(403);
        // without the browser's headers the missing CSRF token alone refuses it
        HttpResponse<String> bare = send(HttpRequest.newBuilder(app.uri("/api/sources/simulator/stop"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1")));
        assertThat(bare.statusCode()).isEqualTo(403);
        HttpResponse<String> bootstrap = send(HttpRequest.newBuilder(app.uri("/actuator/warehouse"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(bootstrap.statusCode()).isEqualTo(403);
        assertRouteStillStarted();
    }

    @Test
    void theAppsOwnPagesStillDriveHawtioAndTheSourceSwitch() throws Exception {
        // Hawtio's way: same origin, the XSRF-TOKEN cookie echoed in X-XSRF-TOKEN
        CamelContext camel = app.bean(CamelContext.class);
        String search = app.post("/actuator/jolokia", "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}").body();
        assertThat(search).contains(ROUTE).contains("lake-write");
        assertThat(app.post("/actuator/jolokia", STOP_ROUTE).body()).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
        assertThat(app.post("/api/sources/simulator/start", null).statusCode()).isEqualTo(200);
        assertRouteStillStarted();
        String read = app.post("/actuator/jolokia", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}").body();
        assertThat(read).contains("\"status\":200").contains("\"used\"");
    }

    private void assertRouteStillStarted() {
        assertThat(app.bean(CamelContext.class).getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a Host header of our choosing (the JDK client refuses to set Host): the status line and headers. */
    private String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
