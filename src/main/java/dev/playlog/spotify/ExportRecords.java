package dev.playlog.spotify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The two record shapes of Spotify's privacy export, read one at a time by {@link HistoryFile}. */
public final class ExportRecords {

    private ExportRecords() {
    }

    /** One stream of the extended streaming history ({@code Streaming_History_Audio_*.json}, {@code endsong_*.json}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Extended(
            String ts,
            String platform,
            @JsonProperty("ms_played") Long msPlayed,
            @JsonProperty("conn_country") String connCountry,
            @JsonProperty("master_metadata_track_name") String trackName,
            @JsonProperty("master_metadata_album_artist_name") String artistName,
            @JsonProperty("master_metadata_album_album_name") String albumName,
            @JsonProperty("spotify_track_uri") String trackUri,
            @JsonProperty("episode_name") String episodeName,
            @JsonProperty("episode_show_name") String episodeShowName,
            @JsonProperty("spotify_episode_uri") String episodeUri,
            @JsonProperty("reason_start") String reasonStart,
            @JsonProperty("reason_end") String reasonEnd,
            Boolean shuffle,
            Boolean skipped) {
    }

    /** One stream of the account data ({@code StreamingHistory0.json}, {@code StreamingHistory_music_0.json}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountData(String endTime, String artistName, String trackName, Long msPlayed) {
    }
}
