package dev.playlog.spotify;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.playlog.event.ListenEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The poller, token refresh and account store against a local HTTP server that answers like Spotify's accounts
 * service and Web API (WireMock, fixtures from src/test/resources/spotify). Kafka is not involved: the test calls
 * {@link SpotifyPoller#acknowledge} where the route would after Kafka's acknowledgement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpotifyPollerIT {

    private static final String CLIENT_SECRET = "client-secret-value-9f8e7d";
    private static final String REFRESH_TOKEN = "AQexampleRefreshToken";
    private static final String ACCESS_TOKEN = "BQexampleAccessToken2";
    private static final String RECENT = "/v1/me/player/recently-played";

    private final WireMockServer spotify = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private LogCapture logs;

    @TempDir
    Path dir;

    private MutableClock clock;
    private SpotifyProperties properties;
    private TokenCipher cipher;
    private SpotifyAccountStore store;
    private SpotifyAccessTokens tokens;
    private SpotifyPoller poller;

    @BeforeAll
    void startServer() {
        logs = LogCapture.open();
        spotify.start();
    }

    @AfterAll
    void stopServer() {
        spotify.stop();
        logs.close();
    }

    @BeforeEach
    void setUp() {
        spotify.resetAll();
        clock = new MutableClock(Instant.parse("2026-09-20T18:10:00Z"));
        SpotifyProperties d = SpotifyPropertiesTest.defaults(dir, new SpotifyProperties.Import(null, 30_000, false, 1000, 10_000));
        properties = new SpotifyProperties(true, spotify.baseUrl(), spotify.baseUrl(), "playlog-client", CLIENT_SECRET,
                null, d.pollInterval(), d.pollLookback(), d.pageLimit(), d.maxPages(), d.maxAccounts(),
                Duration.ofSeconds(2), d.backoffInitial(), d.backoffMax(), d.refreshMargin(), d.stateDir(), null,
                d.importDir(), d.importing());
        cipher = new TokenCipher(new MockEnvironment().withProperty(TokenCipher.KEY_ENV,
                Base64.getEncoder().encodeToString(new byte[32])), properties);
        restart();
    }

    /** New instances over the same state folder, as after a restart of the app. */
    private void restart() {
        store = new SpotifyAccountStore(properties);
        tokens = new SpotifyAccessTokens(store, new SpotifyOAuth(properties, new MockEnvironment()), cipher, properties, clock);
        poller = new SpotifyPoller(store, tokens, new SpotifyWebApi(properties), properties, new SimpleMeterRegistry(), clock);
    }

    private void connect(String id, String refreshToken) {
        store.connect(id, id, cipher.encrypt(id, refreshToken), clock.instant(), 5);
    }

    private String page(String name) {
        return Fixtures.read(name).replace("https://api.spotify.com", spotify.baseUrl());
    }

    private void refreshAnswers(String refreshToken, String body) {
        spotify.stubFor(post("/api/token").withRequestBody(containing("refresh_token=" + refreshToken))
                .willReturn(okJson(body)));
    }

    private void recentAnswers(String accessToken, String body) {
        spotify.stubFor(get(urlPathEqualTo(RECENT)).withQueryParam("before", absent())
                .withHeader("Authorization", equalTo("Bearer " + accessToken)).willReturn(okJson(body)));
    }

    private static final String OLDER_PAGE = """
            {"href":"x","limit":3,"next":null,"cursors":{"after":"1789926600000","before":"1789926600000"},
             "items":[{"played_at":"2026-09-20T17:50:00.000Z","context":{"type":"artist","uri":"spotify:artist:x"},
                       "track":{"id":"0ExampleTrackId000000C","name":"Older","duration_ms":180000,"explicit":false,
                                "artists":[{"id":"0ExampleArtistId00000A","name":"Example Artist"}],
                                "album":{"id":"0ExampleAlbumId000000C","name":"Older Album"}}}]}""";

    private List<ListenEvent> pollOnly(String account) {
        List<PolledPlays> polled = poller.pollAll();
        return polled.stream().filter(p -> p.accountId().equals(account)).findFirst()
                .map(PolledPlays::events).orElse(List.of());
    }

    @Test
    void followsNextThroughEveryPageAndAdvancesTheCursorOnlyWhenAcknowledged() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers(ACCESS_TOKEN, page("recently-played-page.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).withQueryParam("before", equalTo("1789926900000"))
                .willReturn(okJson(OLDER_PAGE)));

        List<PolledPlays> polled = poller.pollAll();
        assertThat(polled).hasSize(1);
        assertThat(polled.get(0).events()).extracting(ListenEvent::trackName)
                .containsExactly("Rich Woman", "Example Song", "Ünïcödé — Ballad \"quoted\"", "Older");
        assertThat(store.get("alice").orElseThrow().cursorMs).as("not before Kafka acknowledged").isNull();

        poller.acknowledge(polled.get(0));
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.cursorMs).isEqualTo(Instant.parse("2026-09-20T18:04:11.512Z").toEpochMilli());
        assertThat(alice.playsIngested).isEqualTo(4);
        assertThat(alice.lastPollAt).isEqualTo(clock.instant());

        // the next poll asks from cursor - look-back; Spotify answers the same plays again: nothing is new
        assertThat(pollOnly("alice")).isEmpty();
        List<LoggedRequest> requests = spotify.findAll(getRequestedFor(urlPathEqualTo(RECENT)).withQueryParam("after",
                equalTo(String.valueOf(alice.cursorMs - Duration.ofHours(2).toMillis()))));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).queryParameter("limit").firstValue()).isEqualTo("50");
        spotify.verify(1, postRequestedFor(urlPathEqualTo("/api/token")));
    }

    @Test
    void anEmptyPageWithNullCursorsGivesNoEventsAndKeepsTheCursor() {
        connect("alice", REFRESH_TOKEN);
        store.update("alice", a -> a.cursorMs = 1789927451512L);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(okJson(page("recently-played-empty.json"))));
        List<PolledPlays> polled = poller.pollAll();
        assertThat(polled).singleElement().satisfies(p -> assertThat(p.events()).isEmpty());
        poller.acknowledge(polled.get(0));
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.cursorMs).isEqualTo(1789927451512L);
        assertThat(alice.status(clock.instant())).isEqualTo("connected");
        assertThat(alice.lastError).isNull();
    }

    @Test
    void a401RefreshesTheAccessTokenOnceAndRetries() {
        connect("alice", REFRESH_TOKEN);
        tokens.remember("alice", new SpotifyTokens("BQrevokedAccessToken", null, 3600));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).withHeader("Authorization", equalTo("Bearer BQrevokedAccessToken"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("api-401.json"))));
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers(ACCESS_TOKEN, page("recently-played-empty.json"));
        assertThat(poller.pollAll()).hasSize(1);
        spotify.verify(1, postRequestedFor(urlPathEqualTo("/api/token")));
        spotify.verify(2, getRequestedFor(urlPathEqualTo(RECENT)));
    }

    @Test
    void anAccessTokenIsRefreshedBeforeItExpiresAndReusedWhileValid() {
        connect("alice", REFRESH_TOKEN);
        tokens.remember("alice", new SpotifyTokens("BQalmostExpiredToken", null, 3600));
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers("BQalmostExpiredToken", page("recently-played-empty.json"));
        recentAnswers(ACCESS_TOKEN, page("recently-played-empty.json"));
        poller.pollAll();
        spotify.verify(0, postRequestedFor(urlPathEqualTo("/api/token")));
        clock.advance(Duration.ofSeconds(3600 - 59));
        poller.pollAll();
        spotify.verify(1, postRequestedFor(urlPathEqualTo("/api/token")));
        assertThat(spotify.findAll(getRequestedFor(urlPathEqualTo(RECENT))))
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer BQalmostExpiredToken", "Bearer " + ACCESS_TOKEN);
    }

    @Test
    void aSecond401BacksOffInsteadOfLooping() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.read("api-401.json"))));
        assertThat(poller.pollAll()).isEmpty();
        spotify.verify(2, getRequestedFor(urlPathEqualTo(RECENT)));
        assertThat(store.get("alice").orElseThrow().status(clock.instant())).isEqualTo("backing off");
    }

    @Test
    void aRotatedRefreshTokenReplacesTheStoredOneAndIsUsedNext() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-response.json").replace("AQexampleRefreshToken", "AQrotatedRefreshToken"));
        recentAnswers("BQexampleAccessToken", page("recently-played-empty.json"));
        poller.pollAll();
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(cipher.decrypt("alice", alice.encryptedRefreshToken)).isEqualTo("AQrotatedRefreshToken");
        assertThat(alice.encryptedRefreshToken).doesNotContain("AQrotated");

        refreshAnswers("AQrotatedRefreshToken", Fixtures.read("token-refresh-response-no-rotation.json"));
        tokens.refresh("alice");
        spotify.verify(1, postRequestedFor(urlPathEqualTo("/api/token")).withRequestBody(containing("refresh_token=AQrotatedRefreshToken"))
                .withRequestBody(containing("grant_type=refresh_token")));
        // client secret configured: HTTP Basic client authentication, no secret in the body
        assertThat(spotify.findAll(postRequestedFor(urlPathEqualTo("/api/token")))).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString(("playlog-client:" + CLIENT_SECRET).getBytes()));
            assertThat(r.getBodyAsString()).doesNotContain(CLIENT_SECRET);
        });
    }

    @Test
    void aRefreshWithoutANewRefreshTokenKeepsTheStoredOne() {
        connect("alice", REFRESH_TOKEN);
        String before = store.get("alice").orElseThrow().encryptedRefreshToken;
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        tokens.refresh("alice");
        tokens.refresh("alice");
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.encryptedRefreshToken).isEqualTo(before);
        assertThat(cipher.decrypt("alice", alice.encryptedRefreshToken)).isEqualTo(REFRESH_TOKEN);
        spotify.verify(2, postRequestedFor(urlPathEqualTo("/api/token")).withRequestBody(containing("refresh_token=" + REFRESH_TOKEN)));
    }

    @Test
    void invalidGrantAsksForSignInAgainAndStopsPollingThatAccount() {
        connect("alice", REFRESH_TOKEN);
        spotify.stubFor(post("/api/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read("token-invalid-grant.json"))));
        assertThat(poller.pollAll()).isEmpty();
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.status(clock.instant())).isEqualTo("sign in again");
        assertThat(alice.signInAgainReason).contains("invalid_grant").contains("Refresh token revoked");

        restart();
        clock.advance(Duration.ofDays(1));
        assertThat(poller.pollAll()).isEmpty();
        spotify.verify(1, postRequestedFor(urlPathEqualTo("/api/token")));
        spotify.verify(0, getRequestedFor(urlPathEqualTo(RECENT)));
    }

    @Test
    void a429StoresTheRetryAfterDeadlineAndPollsAgainOnlyAfterIt() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86000")
                .withBody(Fixtures.read("api-429.json"))));
        Instant start = clock.instant();
        assertThat(poller.pollAll()).isEmpty();

        restart();
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.rateLimitedUntil).as("persisted").isEqualTo(start.plusSeconds(86000));
        assertThat(alice.status(clock.instant())).isEqualTo("rate-limited");
        clock.advance(Duration.ofSeconds(85_999));
        poller.pollAll();
        spotify.verify(1, getRequestedFor(urlPathEqualTo(RECENT)));

        recentAnswers(ACCESS_TOKEN, page("recently-played-empty.json"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(poller.pollAll()).hasSize(1);
        assertThat(store.get("alice").orElseThrow().status(clock.instant())).isEqualTo("connected");
    }

    @Test
    void serverErrorsBackOffExponentiallyWithTheCursorUnchanged() {
        connect("alice", REFRESH_TOKEN);
        store.update("alice", a -> a.cursorMs = 1789927451512L);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(aResponse().withStatus(503)));
        Instant start = clock.instant();
        poller.pollAll();
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.backoffUntil).isEqualTo(start.plusSeconds(30));
        assertThat(alice.lastError).contains("503");
        poller.pollAll();
        spotify.verify(1, getRequestedFor(urlPathEqualTo(RECENT)));
        clock.advance(Duration.ofSeconds(31));
        poller.pollAll();
        alice = store.get("alice").orElseThrow();
        assertThat(alice.backoffUntil).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(alice.consecutiveFailures).isEqualTo(2);
        assertThat(alice.cursorMs).isEqualTo(1789927451512L);
    }

    @Test
    void aTimeoutBacksOff() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(okJson(page("recently-played-empty.json"))
                .withFixedDelay(3_000)));
        assertThat(poller.pollAll()).isEmpty();
        assertThat(store.get("alice").orElseThrow().lastError).contains("did not answer");
    }

    @Test
    void malformedJsonIsLoggedWithTheAccountAndLeavesTheCursor() {
        connect("alice", REFRESH_TOKEN);
        store.update("alice", a -> a.cursorMs = 1789927451512L);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        spotify.stubFor(get(urlPathEqualTo(RECENT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[{\"played_at\": oops")));
        assertThat(poller.pollAll()).isEmpty();
        SpotifyAccount alice = store.get("alice").orElseThrow();
        assertThat(alice.cursorMs).isEqualTo(1789927451512L);
        assertThat(alice.lastError).startsWith("malformed answer from recently-played");
        assertThat(logs.text()).contains("Spotify account alice: poll failed (malformed answer from recently-played");
    }

    @Test
    void theSamePlaysAreNotSentAgainAfterARestart() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers(ACCESS_TOKEN, page("recently-played-page.json").replace("\"next\": \"", "\"next_ignored\": \""));
        List<PolledPlays> first = poller.pollAll();
        assertThat(first.get(0).events()).hasSize(3);
        poller.acknowledge(first.get(0));

        restart();
        clock.advance(Duration.ofMinutes(5));
        assertThat(pollOnly("alice")).isEmpty();

        // a play Spotify reports late (older than the cursor, inside the look-back) is still picked up, once
        String late = page("recently-played-page.json").replace("\"next\": \"", "\"next_ignored\": \"")
                .replace("2026-09-20T17:55:00.000Z", "2026-09-20T17:00:00.000Z");
        recentAnswers(ACCESS_TOKEN, late);
        List<PolledPlays> third = poller.pollAll();
        assertThat(third.get(0).events()).extracting(ListenEvent::playedAt).containsExactly("2026-09-20T17:00:00.000Z");
        poller.acknowledge(third.get(0));
        assertThat(pollOnly("alice")).isEmpty();
        assertThat(store.get("alice").orElseThrow().playsIngested).isEqualTo(4);
    }

    @Test
    void oneFailingAccountDoesNotStopTheOthers() {
        connect("bob", "AQbobRefreshToken");
        connect("alice", REFRESH_TOKEN);
        spotify.stubFor(post("/api/token").withRequestBody(containing("refresh_token=AQbobRefreshToken"))
                .willReturn(aResponse().withStatus(500)));
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers(ACCESS_TOKEN, page("recently-played-page.json").replace("\"next\": \"", "\"next_ignored\": \""));
        List<PolledPlays> polled = poller.pollAll();
        assertThat(polled).extracting(PolledPlays::accountId).containsExactly("alice");
        assertThat(polled.get(0).events()).hasSize(3).allMatch(e -> e.userId().equals("alice"));
        assertThat(store.get("bob").orElseThrow().status(clock.instant())).isEqualTo("backing off");
        assertThat(store.get("bob").orElseThrow().lastError).contains("500");
    }

    @Test
    void warnsWhenAFullPageOfPlaysArrivedSinceTheLastPoll() {
        connect("alice", REFRESH_TOKEN);
        store.update("alice", a -> a.cursorMs = Instant.parse("2026-09-20T10:00:00Z").toEpochMilli());
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            items.append(i == 0 ? "" : ",").append(String.format("{\"played_at\":\"2026-09-20T11:%02d:00.000Z\","
                    + "\"context\":null,\"track\":{\"id\":\"t%d\",\"name\":\"Track\",\"duration_ms\":180000,"
                    + "\"artists\":[{\"id\":\"a\",\"name\":\"A\"}],\"album\":{\"id\":\"al\",\"name\":\"Al\"}}}", i, i));
        }
        recentAnswers(ACCESS_TOKEN, "{\"next\":null,\"cursors\":null,\"items\":[" + items + "]}");
        assertThat(pollOnly("alice")).hasSize(50);
        assertThat(logs.text()).contains("Spotify account alice: 50 plays since the last acknowledged poll; older ones may be lost");
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() {
        connect("alice", REFRESH_TOKEN);
        refreshAnswers(REFRESH_TOKEN, Fixtures.read("token-refresh-response-no-rotation.json"));
        recentAnswers(ACCESS_TOKEN, Fixtures.read("recently-played-page.json"));
        assertThat(pollOnly("alice")).hasSize(3);
        spotify.verify(1, getRequestedFor(urlPathEqualTo(RECENT)));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenSecretOrCodeReachesTheLogs() {
        // runs last: scans everything the tests above logged, with Playlog at DEBUG
        String text = logs.text();
        assertThat(text).contains("Spotify account alice");
        assertThat(text).doesNotContain(REFRESH_TOKEN).doesNotContain("AQrotatedRefreshToken").doesNotContain("AQbobRefreshToken")
                .doesNotContain("BQexampleAccessToken").doesNotContain("BQrevokedAccessToken").doesNotContain("BQalmostExpiredToken")
                .doesNotContain(CLIENT_SECRET);
    }
}
