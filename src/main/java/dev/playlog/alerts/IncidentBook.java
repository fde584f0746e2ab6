package dev.playlog.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open incidents and the alerts not yet delivered, kept in {@code incidents.json} so that a restart neither
 * alerts again nor forgets an open incident. Not thread-safe: {@link AlertEvaluator} calls it from one route.
 */
public class IncidentBook {

    /** An open incident. */
    public record Incident(String component, String reason, Instant openedAt, Instant lastAlertedAt) {
    }

    /** An alert waiting for its channel. */
    public record Pending(String channel, Alert alert) {
    }

    /** What the file holds. */
    public record State(Map<String, Incident> incidents, List<Pending> outbox) {
    }

    private final Path file;
    private final ObjectMapper mapper;
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final List<Pending> outbox = new ArrayList<>();

    public IncidentBook(Path dir, ObjectMapper mapper) {
        this.file = dir.resolve("incidents.json");
        this.mapper = mapper;
        if (Files.exists(file)) {
            try {
                State state = mapper.readValue(file.toFile(), State.class);
                if (state.incidents() != null) {
                    incidents.putAll(state.incidents());
                }
                if (state.outbox() != null) {
                    outbox.addAll(state.outbox());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + " (the alerts' incident state)", e);
            }
        }
    }

    /**
     * Opens an incident for each component in {@code down} (key to reason) that has none, repeats one whose last alert
     * is older than {@code cooldown}, resolves each open incident not in {@code down}, and queues one alert per
     * channel for each of these.
     */
    public void update(Map<String, String> down, Instant now, Duration cooldown, Set<String> channels, String link) {
        for (Map.Entry<String, String> d : down.entrySet()) {
            String key = d.getKey();
            Incident open = incidents.get(key);
            if (open == null) {
                Incident incident = new Incident(component(key), d.getValue(), now, now);
                incidents.put(key, incident);
                queue(channels, new Alert(key, Alert.Status.OPEN, incident.component(), incident.reason(), now, link));
            } else if (!now.isBefore(open.lastAlertedAt().plus(cooldown))) {
                incidents.put(key, new Incident(open.component(), d.getValue(), open.openedAt(), now));
                queue(channels, new Alert(key, Alert.Status.STILL_OPEN, open.component(), d.getValue(), open.openedAt(), link));
            }
        }
        for (String key : List.copyOf(incidents.keySet())) {
            if (!down.containsKey(key)) {
                Incident closed = incidents.remove(key);
                queue(channels, new Alert(key, Alert.Status.RESOLVED, closed.component(), closed.reason(), closed.openedAt(), link));
            }
        }
        save();
    }

    private void queue(Set<String> channels, Alert alert) {
        channels.forEach(channel -> outbox.add(new Pending(channel, alert)));
    }

    /** The alerts waiting, oldest first. */
    public List<Pending> pending() {
        return List.copyOf(outbox);
    }

    /** Marks one alert as delivered. */
    public void delivered(Pending pending) {
        outbox.remove(pending);
        save();
    }

    public Map<String, Incident> open() {
        return Map.copyOf(incidents);
    }

    static String component(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            mapper.writeValue(tmp.toFile(), new State(incidents, outbox));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + " (the alerts' incident state)", e);
        }
    }
}
