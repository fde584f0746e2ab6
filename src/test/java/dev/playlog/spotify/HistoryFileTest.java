package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playlog.event.ListenEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {

    @TempDir
    Path dir;

    private SpotifyHistoryImporter importer(String userId, int batchSize) {
        SpotifyProperties properties = SpotifyPropertiesTest.defaults(dir, new SpotifyProperties.Import(userId, 30_000,
                false, batchSize, 2));
        return new SpotifyHistoryImporter(properties);
    }

    private static List<List<ListenEvent>> drain(HistoryFile file) {
        List<List<ListenEvent>> batches = new ArrayList<>();
        file.forEach(batches::add);
        return batches;
    }

    @Test
    void streamsALargeExtendedHistoryInBatchesAndCountsWhatItLeftOut() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 2_500; i++) {
            json.append(i == 0 ? "" : ",").append("""
                    {"ts":"2024-03-02T21:%02d:%02dZ","platform":"ios","ms_played":%d,"conn_country":"SE",
                     "master_metadata_track_name":"Track %d","master_metadata_album_artist_name":"Ärtist",
                     "master_metadata_album_album_name":"Album","spotify_track_uri":"spotify:track:id%d",
                     "reason_start":"trackdone","reason_end":"trackdone","shuffle":false,"skipped":false,"extra":{"a":[1]}}
                    """.formatted((i / 60) % 60, i % 60, i % 10 == 0 ? 1_000 : 200_000, i, i));
        }
        Path file = Files.createDirectories(dir.resolve("alice")).resolve("Streaming_History_Audio_2024_0.json");
        Files.writeString(file, json.append("]"));
        HistoryFile history = importer(null, 1_000).open(file.toFile(), "alice/Streaming_History_Audio_2024_0.json");
        List<List<ListenEvent>> batches = drain(history);
        assertThat(batches).extracting(List::size).containsExactly(1_000, 1_000, 250);
        assertThat(history.records()).isEqualTo(2_500);
        assertThat(history.events()).isEqualTo(2_250);
        assertThat(history.skipped()).containsEntry(ExportMapper.Skip.SHORT, 250L);
        assertThat(batches.get(0).get(0).userId()).isEqualTo("alice");
        assertThat(batches.get(0).get(0).artistName()).isEqualTo("Ärtist");
    }

    @Test
    void readsTheSameFileToTheSameEventsTwice() throws Exception {
        Path file = dir.resolve("Streaming_History_Audio_2024_0.json");
        Files.writeString(file, Fixtures.read("Streaming_History_Audio_2024_0.json"));
        SpotifyHistoryImporter importer = importer("bob", 10);
        List<List<ListenEvent>> first = drain(importer.open(file.toFile(), "Streaming_History_Audio_2024_0.json"));
        List<List<ListenEvent>> second = drain(importer.open(file.toFile(), "Streaming_History_Audio_2024_0.json"));
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).hasSize(1).isEqualTo(second.get(0));
        assertThat(first.get(0).get(0).userId()).isEqualTo("bob");
    }

    @Test
    void readsAccountData() throws Exception {
        Path file = Files.createDirectories(dir.resolve("carol")).resolve("StreamingHistory_music_0.json");
        Files.writeString(file, Fixtures.read("StreamingHistory_music_0.json"));
        HistoryFile history = importer(null, 10).open(file.toFile(), "carol/StreamingHistory_music_0.json");
        List<List<ListenEvent>> batches = drain(history);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).extracting(ListenEvent::trackName).containsExactly("Rich Woman");
        assertThat(history.skipped()).containsEntry(ExportMapper.Skip.SHORT, 1L);
    }

    @Test
    void malformedJsonFailsNamingTheFileAndRecord() throws Exception {
        Path file = Files.createDirectories(dir.resolve("alice")).resolve("endsong_0.json");
        Files.writeString(file, "[{\"ts\":\"2024-03-02T21:14:05Z\",\"ms_played\":40000,"
                + "\"spotify_track_uri\":\"spotify:track:x\",\"master_metadata_track_name\":\"a\","
                + "\"master_metadata_album_artist_name\":\"b\"}, {\"ts\": oops");
        HistoryFile history = importer(null, 10).open(file.toFile(), "alice/endsong_0.json");
        assertThatThrownBy(() -> drain(history)).isInstanceOf(HistoryFormatException.class)
                .hasMessage("alice/endsong_0.json: malformed JSON after record 1 (JsonParseException)");
    }

    @Test
    void refusesWhatIsNotAnArrayOrHasNoUser() throws Exception {
        Path file = Files.createDirectories(dir.resolve("alice")).resolve("endsong_0.json");
        Files.writeString(file, "{\"not\":\"an array\"}");
        assertThatThrownBy(() -> importer(null, 10).open(file.toFile(), "alice/endsong_0.json"))
                .hasMessage("alice/endsong_0.json: not a Spotify export (expected a JSON array)");
        File top = Files.writeString(dir.resolve("endsong_1.json"), "[]").toFile();
        assertThatThrownBy(() -> importer(null, 10).open(top, "endsong_1.json"))
                .isInstanceOf(HistoryFormatException.class).hasMessageStartingWith("endsong_1.json: no user for this file");
        assertThatThrownBy(() -> importer("bob", 10).open(top, "Playlist1.json"))
                .hasMessage("Playlist1.json: not a Spotify export file name");
    }

    @Test
    void aFileClosedBeforeItsEndCannotPassForComplete() throws Exception {
        Path file = Files.createDirectories(dir.resolve("alice")).resolve("StreamingHistory0.json");
        Files.writeString(file, "[{\"endTime\":\"2025-04-12 13:50\",\"artistName\":\"a\",\"trackName\":\"b\",\"msPlayed\":40000},"
                + "{\"endTime\":\"2025-04-12 13:55\",\"artistName\":\"a\",\"trackName\":\"c\",\"msPlayed\":40000}]");
        HistoryFile history = importer(null, 1).open(file.toFile(), "alice/StreamingHistory0.json");
        Iterator<List<ListenEvent>> batches = history.iterator();
        assertThat(batches.next()).hasSize(1);
        assertThatThrownBy(history::iterator).as("a retried split").isInstanceOf(HistoryFormatException.class)
                .hasMessage("alice/StreamingHistory0.json: import interrupted after record 1; put the file back into "
                        + "the import folder to import it again");
        history.close();
        assertThatThrownBy(batches::hasNext).isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("reading stopped after record 1");
    }

    @Test
    void knowsTheExportFileNames() {
        assertThat(ExportFormat.of("Streaming_History_Audio_2019-2021_3.json")).contains(ExportFormat.EXTENDED);
        assertThat(ExportFormat.of("endsong_12.json")).contains(ExportFormat.EXTENDED);
        assertThat(ExportFormat.of("StreamingHistory0.json")).contains(ExportFormat.ACCOUNT_DATA);
        assertThat(ExportFormat.of("StreamingHistory_music_2.json")).contains(ExportFormat.ACCOUNT_DATA);
        assertThat(ExportFormat.of("StreamingHistory_podcast_0.json")).isEmpty();
        assertThat(ExportFormat.of("Streaming_History_Video_2024.json")).isEmpty();
    }
}
