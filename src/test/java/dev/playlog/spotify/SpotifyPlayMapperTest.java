package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotifyPlayMapperTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ListenEventCodec codec = new ListenEventCodec();

    private List<ListenEvent> fixturePage() throws Exception {
        RecentlyPlayedPage page = mapper.readValue(Fixtures.read("recently-played-page.json"), RecentlyPlayedPage.class);
        return page.items().stream().map(item -> SpotifyPlayMapper.toEvent("alice", item)).toList();
    }

    @Test
    void mapsAFullItemToAValidPlayEvent() throws Exception {
        ListenEvent first = fixturePage().get(0);
        assertThat(first.source()).isEqualTo("spotify");
        assertThat(first.eventType()).isEqualTo("play");
        assertThat(first.userId()).isEqualTo("alice");
        assertThat(first.trackId()).isEqualTo("6bnmRsdxYacqLSlS36EJT6");
        assertThat(first.trackName()).isEqualTo("Rich Woman");
        assertThat(first.artistId()).isEqualTo("1OwarW4LEHnoep20ixRA0y");
        assertThat(first.artistName()).isEqualTo("Robert Plant");
        assertThat(first.albumId()).isEqualTo("3Z5nkL4z2Tsa3b79vv6LXb");
        assertThat(first.albumName()).isEqualTo("Raising Sand");
        assertThat(first.durationMs()).isEqualTo(243480L);
        assertThat(first.msPlayed()).isEqualTo(243480L);
        assertThat(first.contextType()).isEqualTo("playlist");
        assertThat(first.contextUri()).isEqualTo("spotify:playlist:0FJIib6OHRc9mCXzwcQe88");
        assertThat(first.playedAt()).isEqualTo("2026-09-20T18:04:11.512Z");
        assertThat(first.isrc()).isEqualTo("USRO20707501");
        assertThat(first.explicit()).isFalse();
        assertThat(first.sessionId()).isNull();
        assertThat(first.deviceType()).isEqualTo("unknown");
        assertThat(first.subscription()).isEqualTo("unknown");
        assertThat(first.eventId()).isEqualTo("a0da4b44010f0bf2e276ee473f469b0b")
                .isEqualTo(EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6", Instant.parse("2026-09-20T18:04:11Z")));
        assertThat(codec.decode(codec.encode(first))).isEqualTo(first);
    }

    @Test
    void nullContextAndMissingExternalIdsGiveNulls() throws Exception {
        ListenEvent second = fixturePage().get(1);
        assertThat(second.contextType()).isNull();
        assertThat(second.contextUri()).isNull();
        assertThat(second.isrc()).isNull();
        assertThat(second.explicit()).isTrue();
        assertThat(second.playedAt()).isEqualTo("2026-09-20T17:59:48.097Z");
        assertThat(codec.decode(codec.encode(second))).isEqualTo(second);
    }

    @Test
    void unicodeNamesSurviveTheRoundTripThroughTheCodec() throws Exception {
        ListenEvent third = fixturePage().get(2);
        assertThat(third.trackName()).isEqualTo("Ünïcödé — Ballad \"quoted\"");
        assertThat(third.albumName()).isEqualTo("Ünïcödé Album");
        assertThat(codec.decode(codec.encode(third))).isEqualTo(third);
    }

    @Test
    void playedAtWithoutFractionIsNormalisedToMilliseconds() throws Exception {
        String json = """
                {"played_at":"2026-09-20T18:04:11Z","context":{"type":"mystery_v2","uri":"spotify:x"},
                 "track":{"id":"t1","name":"n","duration_ms":1000,"artists":[{"id":"a","name":"A"}],"album":null}}""";
        ListenEvent event = SpotifyPlayMapper.toEvent("bob", mapper.readValue(json, RecentlyPlayedPage.Item.class));
        assertThat(event.playedAt()).isEqualTo("2026-09-20T18:04:11.000Z");
        assertThat(event.contextType()).as("unknown context types are not in the contract").isNull();
        assertThat(event.contextUri()).isEqualTo("spotify:x");
        assertThat(event.albumName()).isNull();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void localFilesWithoutIdGetANameDerivedTrackId() throws Exception {
        String json = """
                {"played_at":"2026-09-20T18:04:11.000Z","context":null,
                 "track":{"id":null,"name":"Demo","is_local":true,"duration_ms":1000,"artists":[{"id":null,"name":"Me"}],
                          "album":{"id":null,"name":"Local"}}}""";
        ListenEvent event = SpotifyPlayMapper.toEvent("bob", mapper.readValue(json, RecentlyPlayedPage.Item.class));
        assertThat(event.trackId()).isEqualTo("name:d1f6d183ca4c3182e121cb81af6c52a9");
        assertThat(event.artistId()).isNull();
        assertThat(event.albumId()).isNull();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void theSamePlayMapsToTheSameIdEveryTime() throws Exception {
        assertThat(fixturePage()).extracting(ListenEvent::eventId).isEqualTo(
                fixturePage().stream().map(ListenEvent::eventId).toList()).doesNotHaveDuplicates()
                .startsWith("a0da4b44010f0bf2e276ee473f469b0b");
    }

    @Test
    void rejectsAnItemWithoutPlayedAt() throws Exception {
        RecentlyPlayedPage.Item item = mapper.readValue("{\"track\":{\"id\":\"t\"}}", RecentlyPlayedPage.Item.class);
        assertThatThrownBy(() -> SpotifyPlayMapper.toEvent("bob", item)).hasMessage("item without played_at");
    }
}
