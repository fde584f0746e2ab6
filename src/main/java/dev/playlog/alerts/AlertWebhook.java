package dev.playlog.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Route alerts-webhook's bean: POSTs one alert as Slack-compatible {@code {"text": ...}} or as generic JSON
 * ({@code playlog.alerts.webhook.format}); a non-2xx answer fails the exchange so Camel retries it. Errors never name
 * the URL, which for Slack is itself a secret.
 */
@Component(AlertWebhook.BEAN)
public class AlertWebhook {

    public static final String BEAN = "alertWebhook";

    private final AlertsProperties properties;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AlertWebhook(AlertsProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    public void post(Alert alert) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.webhook().url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(alert)))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IOException("Alert webhook unreachable: " + e.getClass().getSimpleName());
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Alert webhook answered HTTP " + response.statusCode());
        }
    }

    String payload(Alert alert) throws IOException {
        if (properties.webhook().format().equals("slack")) {
            return mapper.writeValueAsString(Map.of("text", alert.subject() + "\n" + alert.text()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("incident_key", alert.key());
        json.put("status", alert.status().name().toLowerCase());
        json.put("component", alert.component());
        json.put("reason", alert.reason());
        json.put("opened_at", alert.openedAt().toString());
        json.put("url", alert.url());
        return mapper.writeValueAsString(json);
    }
}
