package dev.playlog.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One message about an incident, sent to one channel (e-mail or webhook); built by {@link IncidentBook}, rendered by
 * the routes alerts-email and alerts-webhook.
 *
 * @param key       the incident's stable key, e.g. {@code health:lake}
 * @param status    OPEN (first alert), STILL_OPEN (after the cooldown) or RESOLVED
 * @param component the health component
 * @param reason    why it is down, from the component's health details
 * @param openedAt  when the incident opened
 * @param url       the page to look at
 */
public record Alert(String key, Status status, String component, String reason, Instant openedAt, String url) {

    public enum Status { OPEN, STILL_OPEN, RESOLVED }

    @JsonIgnore
    public String subject() {
        return switch (status) {
            case OPEN -> "[Playlog] DOWN: " + component;
            case STILL_OPEN -> "[Playlog] still DOWN: " + component;
            case RESOLVED -> "[Playlog] resolved: " + component;
        };
    }

    @JsonIgnore
    public String text() {
        String head = switch (status) {
            case OPEN -> "Playlog component " + component + " is DOWN since " + openedAt + ".";
            case STILL_OPEN -> "Playlog component " + component + " is still DOWN (since " + openedAt + ").";
            case RESOLVED -> "Playlog component " + component + " is UP again (was DOWN since " + openedAt + ").";
        };
        return head + "\nReason: " + reason + "\nIncident: " + key + "\nSee " + url + "\n";
    }
}
