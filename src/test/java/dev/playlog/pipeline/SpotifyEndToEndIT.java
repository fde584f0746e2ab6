package dev.playlog.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.playlog.spotify.Fixtures;
import dev.playlog.spotify.LogCapture;
import dev.playlog.spotify.SpotifyAccount;
import dev.playlog.spotify.SpotifyAccountStore;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spotify as a source of the real app (embedded Kafka, S3 server, DuckDB, dbt, the real route files), with Spotify's
 * accounts service and Web API replayed by a local WireMock server: sign-in with PKCE and state through the /spotify
 * endpoints, polling into the lake, an overlapping history import counted once in silver, a restart that sends
 * nothing twice, invalid_grant on the page and in health, the source switch, and no secret in the logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpotifyEndToEndIT {

    private static final String CLIENT_ID = "playlog-client";
    private static final String CODE = "AuthCodeFromSpotify123";
    private static final String RECENT = "/v1/me/player/recently-played";

    @TempDir
    static Path data;

    private final WireMockServer spotify = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private LogCapture logs;
    private PlaylogInstance app;
    private String codeVerifier;

    @BeforeAll
    void start() {
        logs = LogCapture.open();
        spotify.start();
        spotify.stubFor(post("/api/token").withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + CODE)).willReturn(okJson(Fixtures.read("token-response.json"))));
        spotify.stubFor(post("/api/token").withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson(Fixtures.read("token-refresh-response-no-rotation.json"))));
        spotify.stubFor(get("/v1/me").withHeader("Authorization", equalTo("Bearer BQexampleAccessToken"))
                .willReturn(okJson("{\"id\":\"alice\",\"display_name\":\"Alice Ünïcödé\",\"type\":\"user\"}")));
        String page = Fixtures.read("recently-played-page.json").replace("https://api.spotify.com", spotify.baseUrl());
        spotify.stubFor(get(urlPathEqualTo(RECENT)).atPriority(5).willReturn(okJson(page)));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).withQueryParam("before", equalTo("1789926900000")).atPriority(1)
                .willReturn(okJson(Fixtures.read("recently-played-empty.json"))));
        app = new PlaylogInstance(data)
                .with("playlog.source", "spotify")
                .with("playlog.spotify.accounts-base-url", spotify.baseUrl())
                .with("playlog.spotify.api-base-url", spotify.baseUrl())
                .with("playlog.spotify.client-id", CLIENT_ID)
                .with("playlog.spotify.poll-interval", "1s")
                .with("playlog.lake.max-records", 100)
                .with("playlog.lake.max-age-ms", 1000)
                .with("playlog.warehouse.refresh-cron", "0/2 * * * * ?")
                .with("playlog.dbt.cron", "0/5 * * * * ?")
                .start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        spotify.stop();
        logs.close();
    }

    @Test
    @Order(1)
    void signInUsesPkceAndStateAndRefusesAForgedState() throws Exception {
        HttpResponse<String> login = httpGet("/spotify/login");
        assertThat(login.statusCode()).isEqualTo(302);
        URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(spotify.baseUrl() + "/authorize?");
        Map<String, String> query = query(authorize.getRawQuery());
        assertThat(query).containsEntry("client_id", CLIENT_ID).containsEntry("response_type", "code")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + app.httpPort() + "/spotify/callback")
                .containsEntry("scope", "user-read-recently-played").containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "code_challenge");

        HttpResponse<String> forged = httpGet("/spotify/callback?code=" + CODE + "&state=forged-state");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("unknown, was already used or expired");
        spotify.verify(0, postRequestedFor(urlPathEqualTo("/api/token")));

        HttpResponse<String> callback = httpGet("/spotify/callback?code=" + CODE + "&state=" + query.get("state"));
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).contains("/spotify?connected=alice");

        List<LoggedRequest> exchanges = spotify.findAll(postRequestedFor(urlPathEqualTo("/api/token"))
                .withRequestBody(containing("grant_type=authorization_code")));
        assertThat(exchanges).hasSize(1);
        Map<String, String> form = query(exchanges.get(0).getBodyAsString());
        codeVerifier = form.get("code_verifier");
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
        assertThat(challenge).isEqualTo(query.get("code_challenge"));
        assertThat(form).containsEntry("client_id", CLIENT_ID).containsEntry("code", CODE)
                .containsEntry("redirect_uri", "http://127.0.0.1:" + app.httpPort() + "/spotify/callback");
        assertThat(exchanges.get(0).containsHeader("Authorization")).as("PKCE without a secret: no Basic auth").isFalse();

        assertThat(httpGet("/spotify/callback?code=" + CODE + "&state=" + query.get("state")).statusCode())
                .as("a state is single-use").isEqualTo(400);

        Path accounts = data.resolve("spotify/accounts.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts))).isEqualTo("rw-------");
        assertThat(Files.readString(accounts)).contains("\"alice\"").doesNotContain("AQexampleRefreshToken");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("spotify/token.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void polledPlaysReachTheLakeOnceAndShowOnThePage() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lakeRows().size() >= 3);
        assertThat(lakeRows()).hasSize(3).allMatch(r -> r.userId().equals("alice"));
        String page = httpGet("/spotify").body();
        assertThat(page).contains("Alice Ünïcödé").contains("(alice)").contains("<td>connected</td>").contains("<td>3</td>");
    }

    @Test
    @Order(3)
    void anImportOverlappingThePolledPlaysCountsOnceAndImportingItTwiceAddsNothing() throws Exception {
        Path folder = Files.createDirectories(data.resolve("import/alice"));
        String export = """
                [{"ts":"2026-09-20T18:04:11Z","platform":"Windows 10 (10.0.19045; x64)","ms_played":243480,"conn_country":"DE",
                  "master_metadata_track_name":"Rich Woman","master_metadata_album_artist_name":"Robert Plant",
                  "master_metadata_album_album_name":"Raising Sand","spotify_track_uri":"spotify:track:6bnmRsdxYacqLSlS36EJT6",
                  "episode_name":null,"episode_show_name":null,"spotify_episode_uri":null,"reason_start":"clickrow",
                  "reason_end":"trackdone","shuffle":false,"skipped":false,"offline":false,"incognito_mode":false},
                 {"ts":"2026-09-19T10:00:00Z","platform":"android","ms_played":200000,"conn_country":"DE",
                  "master_metadata_track_name":"Example Song","master_metadata_album_artist_name":"Example Artist",
                  "master_metadata_album_album_name":"Example Single","spotify_track_uri":"spotify:track:0ExampleTrackId000000A",
                  "reason_start":"trackdone","reason_end":"trackdone","shuffle":true,"skipped":false},
                 {"ts":"2026-09-19T10:01:00Z","platform":"android","ms_played":5000,"conn_country":"DE",
                  "master_metadata_track_name":"Too Short","master_metadata_album_artist_name":"Example Artist",
                  "master_metadata_album_album_name":"Example Single","spotify_track_uri":"spotify:track:0ExampleTrackId000000D",
                  "reason_start":"trackdone","reason_end":"fwdbtn","shuffle":true,"skipped":true}]""";
        String name = "Streaming_History_Audio_2026_0.json";
        Files.writeString(folder.resolve(name), export);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> doneCopies(name) == 1);
        assertThat(folder.resolve(name)).doesNotExist();
        assertThat(data.resolve("import/alice/.done").resolve(name)).exists();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> lakeRows().size() >= 5);

        Files.writeString(folder.resolve(name), export);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> !Files.exists(folder.resolve(name)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> lakeRows().size() >= 7);
        List<LakeContents.Row> rows = lakeRows();
        assertThat(rows).hasSize(7);
        assertThat(rows.stream().map(LakeContents.Row::eventId).distinct()).as("3 polled + 1 new imported play").hasSize(4);

        await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            WarehouseContents w = WarehouseContents.read(app.context());
            return w.bronzeRows() == 7 && w.silverRows() == 4;
        });
        WarehouseContents warehouse = WarehouseContents.read(app.context());
        assertThat(warehouse.silverDistinctEvents()).isEqualTo(4);
    }

    @Test
    @Order(4)
    void accountDataIsImportedAndUnreadableFilesGoToFailed() throws Exception {
        int before = lakeRows().size();
        Files.writeString(data.resolve("import/alice/StreamingHistory_music_0.json"), Fixtures.read("StreamingHistory_music_0.json"));
        Files.writeString(data.resolve("import/alice/endsong_0.json"), "[{\"ts\":\"2024-03-02T21:14:05Z\", oops");
        Files.writeString(data.resolve("import/endsong_1.json"), "[]");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(data.resolve("import/alice/.failed/endsong_0.json"))
                        && Files.exists(data.resolve("import/.failed/endsong_1.json"))
                        && Files.exists(data.resolve("import/alice/.done/StreamingHistory_music_0.json")));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> lakeRows().size() >= before + 1);
        assertThat(lakeRows()).hasSize(before + 1);
        assertThat(logs.text()).contains("alice/endsong_0.json: malformed JSON after record 0")
                .contains("endsong_1.json: no user for this file");
    }

    @Test
    @Order(5)
    void healthShowsTheAccountAndSourcesSwitchAtRuntime() throws Exception {
        String health = httpGet("/actuator/health").body();
        assertThat(health).contains("\"spotify\":{\"status\":\"UP\"").contains("\"alice\":{\"status\":\"connected\"");
        assertThat(httpGet("/api/sources").body()).contains("\"spotify-poll\":\"Started\"").contains("\"spotify-import\":\"Started\"")
                .contains("\"simulator-produce\":\"Stopped\"");
        assertThat(httpPost("/api/sources/spotify/stop").body()).contains("\"spotify-poll\":\"Stopped\"");
        assertThat(httpPost("/api/sources/simulator/start").body()).contains("\"simulator-produce\":\"Started\"");
        assertThat(httpPost("/api/sources/simulator/stop").body()).contains("\"simulator-produce\":\"Stopped\"");
        assertThat(httpPost("/api/sources/spotify/start").body()).contains("\"spotify-poll\":\"Started\"");
        assertThat(httpPost("/api/sources/lastfm/start").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void aRestartSendsNoPlayTwice() {
        app.stop();
        Instant restarted = Instant.now();
        app.start();
        SpotifyAccountStore store = app.bean(SpotifyAccountStore.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> alice(store).lastPollAt.isAfter(restarted));
        Instant firstPoll = alice(store).lastPollAt;
        // the poll after next has surely finished acknowledging the first one (one timer thread)
        await().atMost(Duration.ofSeconds(60)).until(() -> alice(store).lastPollAt.isAfter(firstPoll.plusMillis(500)));
        assertThat(alice(store).playsIngested).isEqualTo(3);
    }

    @Test
    @Order(7)
    void invalidGrantAsksToSignInAgainOnThePageAndInHealth() throws Exception {
        spotify.stubFor(get(urlPathEqualTo(RECENT)).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.read("api-401.json"))));
        spotify.stubFor(post("/api/token").atPriority(1).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("token-invalid-grant.json"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> httpGet("/actuator/health").body().contains("sign in again"));
        assertThat(httpGet("/actuator/health").body()).contains("Refresh token revoked").contains("\"accountsNeedingSignIn\":1");
        String page = httpGet("/spotify").body();
        assertThat(page).contains("sign in again").contains("<a href=\"/spotify/login\">sign in again</a>")
                .contains("Refresh token revoked");
    }

    @Test
    @Order(8)
    void noTokenCodeOrVerifierReachesTheLogs() {
        String text = logs.text();
        assertThat(text).contains("Spotify account alice connected");
        assertThat(text).doesNotContain("AQexampleRefreshToken").doesNotContain("BQexampleAccessToken")
                .doesNotContain(CODE).doesNotContain(codeVerifier);
    }

    private static SpotifyAccount alice(SpotifyAccountStore store) {
        return store.get("alice").orElseThrow();
    }

    private List<LakeContents.Row> lakeRows() {
        return LakeContents.read(app.context(), data.resolve("scratch")).rows();
    }

    private static long doneCopies(String name) throws Exception {
        try (Stream<Path> files = Files.walk(data.resolve("import"))) {
            return files.filter(p -> p.toString().contains(".done") && p.getFileName().toString().startsWith(
                    name.replace(".json", ""))).count();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private HttpResponse<String> httpGet(String path) throws Exception {
        return app.get(path);
    }

    private HttpResponse<String> httpPost(String path) throws Exception {
        return app.post(path, null);
    }
}
