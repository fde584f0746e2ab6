package dev.playlog.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One listening event, contract version 1 ({@code schema/listen-event.v1.schema.json}): what the simulator,
 * the Spotify poller and the history import produce, and what the lake writer stores as one Parquet row.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ListenEvent(
        int schemaVersion,
        String eventId,
        String eventType,
        String userId,
        String sessionId,
        String trackId,
        String trackName,
        String artistId,
        String artistName,
        String albumId,
        String albumName,
        Long durationMs,
        long msPlayed,
        String deviceType,
        String country,
        String subscription,
        String contextType,
        String contextUri,
        String playedAt,
        String source,
        Boolean shuffle,
        String reasonStart,
        String reasonEnd,
        String platform,
        String isrc,
        Boolean explicit) {

    public static final int SCHEMA_VERSION = 1;

    /** Event types that are streams of a track (the others are interactions during a stream). */
    @JsonIgnore
    public boolean isStream() {
        return "play".equals(eventType) || "skip".equals(eventType);
    }
}
