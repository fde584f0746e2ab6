package dev.playlog.spotify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of {@code GET /v1/me/player/recently-played}, as far as Playlog reads it. Unknown and missing fields are
 * tolerated ({@code cursors} is null on an empty page, {@code context} for Liked Songs, {@code external_ids} for
 * development-mode apps); used by {@link SpotifyWebApi}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecentlyPlayedPage(String next, Cursors cursors, List<Item> items) {

    public List<Item> items() {
        return items == null ? List.of() : items;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cursors(String after, String before) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(Track track, @JsonProperty("played_at") String playedAt, Context context) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Track(String id, String name, String uri, @JsonProperty("duration_ms") Long durationMs,
            Boolean explicit, List<Artist> artists, Album album, @JsonProperty("is_local") Boolean isLocal,
            @JsonProperty("external_ids") ExternalIds externalIds, String type) {

        public List<Artist> artists() {
            return artists == null ? List.of() : artists;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artist(String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Album(String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExternalIds(String isrc) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Context(String type, String uri) {
    }
}
