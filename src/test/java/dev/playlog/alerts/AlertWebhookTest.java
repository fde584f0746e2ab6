package dev.playlog.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertWebhookTest {

    private static final Alert ALERT = new Alert("health:s3", Alert.Status.OPEN, "s3", "listing lake/listens/ failed: 503",
            Instant.parse("2026-01-01T10:00:00Z"), "http://127.0.0.1:8080/actuator/health");

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AlertWebhook webhook(String path, String format) {
        return new AlertWebhook(new AlertsProperties("0 * * * * ?", Duration.ofHours(1), 0, "alerts", "link",
                new AlertsProperties.Email(false, "smtp", "localhost", 25, "playlog@localhost", List.of(), null, null),
                new AlertsProperties.Webhook(server.baseUrl() + path, format)), new ObjectMapper());
    }

    @Test
    void postsSlackTextWithSubjectReasonAndLink() throws Exception {
        server.stubFor(post("/slack").willReturn(ok()));
        webhook("/slack", "slack").post(ALERT);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/slack")))).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(new ObjectMapper().readTree(r.getBodyAsString()).get("text").asText())
                    .startsWith("[Playlog] DOWN: s3\n").contains("listing lake/listens/ failed: 503", ALERT.url());
        });
    }

    @Test
    void postsGenericJson() throws Exception {
        server.stubFor(post("/json").withRequestBody(equalToJson("""
                {"incident_key":"health:s3","status":"open","component":"s3","reason":"listing lake/listens/ failed: 503",
                 "opened_at":"2026-01-01T10:00:00Z","url":"http://127.0.0.1:8080/actuator/health"}""")).willReturn(ok()));
        webhook("/json", "json").post(ALERT);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/json")))).hasSize(1);
    }

    @Test
    void aFailingReceiverFailsTheSendWithoutNamingTheSecretUrl() {
        server.stubFor(post("/T000/B000/secret-token").willReturn(serverError()));
        AlertWebhook webhook = webhook("/T000/B000/secret-token", "slack");
        assertThatThrownBy(() -> webhook.post(ALERT)).isInstanceOf(IOException.class)
                .hasMessage("Alert webhook answered HTTP 500").message().doesNotContain("secret-token");
        server.stop();
        assertThatThrownBy(() -> webhook.post(ALERT)).isInstanceOf(IOException.class)
                .message().doesNotContain("secret-token");
    }
}
