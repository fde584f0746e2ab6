package dev.playlog.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Alerts on pipeline incidents ({@code playlog.alerts.*}): when the health components are evaluated, how often an open
 * incident is repeated, where the incident state is kept, and the two delivery channels (routes alerts-email and
 * alerts-webhook).
 *
 * @param cron     Quartz cron of the evaluation (route alerts-evaluate)
 * @param cooldown an incident still open after this long since its last alert is alerted again
 * @param retries  redeliveries of a failed send (1 s, 2 s, 4 s, ...) before the alert waits for the next evaluation
 * @param dir      folder of {@code incidents.json}, the open incidents and undelivered alerts kept across restarts
 * @param link     the page an alert links to
 * @param email    e-mail delivery through camel-mail
 * @param webhook  HTTP POST delivery (Slack-compatible or generic JSON)
 */
@Validated
@ConfigurationProperties(prefix = "playlog.alerts")
public record AlertsProperties(
        @DefaultValue("0 * * * * ?") @NotBlank String cron,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration cooldown,
        @DefaultValue("3") @Min(0) @Max(10) int retries,
        @NotBlank String dir,
        @NotBlank String link,
        @DefaultValue @Valid Email email,
        @DefaultValue @Valid Webhook webhook) {

    /**
     * @param enabled  send alerts by e-mail
     * @param protocol smtp or smtps
     * @param host     the SMTP server
     * @param port     its port
     * @param from     the sender address
     * @param to       the recipients, comma-separated
     * @param username SMTP login, optional (from the environment: PLAYLOG_ALERTS_EMAIL_USERNAME)
     * @param password SMTP password, optional (from the environment: PLAYLOG_ALERTS_EMAIL_PASSWORD); never logged
     */
    public record Email(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("smtp") @Pattern(regexp = "smtps?", message = "must be smtp or smtps") String protocol,
            @DefaultValue("localhost") @NotBlank String host,
            @DefaultValue("25") @Min(1) @Max(65535) int port,
            @DefaultValue("playlog@localhost") @NotBlank String from,
            List<String> to,
            String username,
            String password) {

        public Email {
            to = to == null ? List.of() : to.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (enabled && to.isEmpty()) {
                throw new IllegalArgumentException("playlog.alerts.email.to: give at least one recipient when playlog.alerts.email.enabled is true");
            }
        }

        @Override
        public String toString() {
            return "Email[enabled=" + enabled + ", protocol=" + protocol + ", host=" + host + ", port=" + port + ", from=" + from
                    + ", to=" + to + ", username=" + (username == null ? "none" : "set") + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * @param url    where alerts are POSTed; none: no webhook
     * @param format slack ({@code {"text": ...}}) or json (incident key, status, component, reason, opened_at, url)
     */
    public record Webhook(
            String url,
            @DefaultValue("slack") @Pattern(regexp = "slack|json", message = "must be slack or json") String format) {

        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }
}
