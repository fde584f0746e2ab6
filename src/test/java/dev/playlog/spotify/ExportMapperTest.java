package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportMapperTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ListenEventCodec codec = new ListenEventCodec();
    private final ExportMapper mapper = new ExportMapper(30_000, false);

    private List<ExportRecords.Extended> extended() throws Exception {
        return List.of(json.readValue(Fixtures.read("Streaming_History_Audio_2024_0.json"), ExportRecords.Extended[].class));
    }

    @Test
    void extendedPlayBecomesAnImportEventThatMatchesThePolledPlay() throws Exception {
        ExportMapper.Outcome outcome = mapper.map("alice", extended().get(0));
        ListenEvent event = outcome.event();
        assertThat(event.source()).isEqualTo("import");
        assertThat(event.eventType()).isEqualTo("play");
        assertThat(event.trackId()).isEqualTo("6bnmRsdxYacqLSlS36EJT6");
        assertThat(event.trackName()).isEqualTo("Rich Woman");
        assertThat(event.artistName()).isEqualTo("Robert Plant");
        assertThat(event.albumName()).isEqualTo("Raising Sand");
        assertThat(event.msPlayed()).isEqualTo(243480L);
        assertThat(event.durationMs()).isNull();
        assertThat(event.playedAt()).isEqualTo("2024-03-02T21:14:05.000Z");
        assertThat(event.deviceType()).isEqualTo("mobile");
        assertThat(event.platform()).isEqualTo("android");
        assertThat(event.country()).isEqualTo("DE");
        assertThat(event.reasonStart()).isEqualTo("clickrow");
        assertThat(event.reasonEnd()).isEqualTo("trackdone");
        assertThat(event.shuffle()).isFalse();
        // the poller computes the same id for the same play reported with milliseconds
        assertThat(event.eventId()).isEqualTo(EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6",
                Instant.parse("2024-03-02T21:14:05.731Z")));
        // the rule's literal output (EventIdsTest pins the rule itself)
        assertThat(event.eventId()).isEqualTo("e643a89c43100c986b201743c57b53c6");
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void shortPlaysAndEpisodesAreLeftOutByDefault() throws Exception {
        assertThat(mapper.map("alice", extended().get(1)).skip()).isEqualTo(ExportMapper.Skip.SHORT);
        assertThat(mapper.map("alice", extended().get(2)).skip()).isEqualTo(ExportMapper.Skip.EPISODE);
    }

    @Test
    void skippedStreamsAboveTheMinimumBecomeSkips() throws Exception {
        ExportMapper keepAll = new ExportMapper(0, false);
        ListenEvent event = keepAll.map("alice", extended().get(1)).event();
        assertThat(event.eventType()).isEqualTo("skip");
        assertThat(event.msPlayed()).isEqualTo(26000L);
        assertThat(event.shuffle()).isTrue();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void earlyReasonEndMeansSkipEvenWithoutTheSkippedFlag() {
        ExportRecords.Extended r = new ExportRecords.Extended("2024-03-02T21:14:05Z", "Windows 10 (10.0.19045; x64)",
                60_000L, "ZZ", "T", "A", "Al", "spotify:track:abc", null, null, null, "clickrow", "fwdbtn", false, null);
        ListenEvent event = mapper.map("alice", r).event();
        assertThat(event.eventType()).isEqualTo("skip");
        assertThat(event.deviceType()).isEqualTo("desktop");
        assertThat(event.country()).as("ZZ is Spotify's unknown country").isNull();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void episodesAreImportedWhenConfigured() throws Exception {
        ListenEvent event = new ExportMapper(30_000, true).map("alice", extended().get(2)).event();
        assertThat(event.trackId()).isEqualTo("0ExampleEpisodeId0000A");
        assertThat(event.trackName()).isEqualTo("Example Episode");
        assertThat(event.artistName()).isEqualTo("Example Show");
        assertThat(event.contextType()).isEqualTo("show");
        assertThat(event.deviceType()).isEqualTo("mobile");
        assertThat(event.eventType()).isEqualTo("play");
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void recordsWithoutTimeOrTrackAreLeftOut() {
        ExportRecords.Extended noTs = new ExportRecords.Extended(null, null, 60_000L, null, "T", "A", null,
                "spotify:track:abc", null, null, null, null, null, null, null);
        ExportRecords.Extended audiobook = new ExportRecords.Extended("2024-03-02T21:14:05Z", null, 60_000L, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertThat(mapper.map("alice", noTs).skip()).isEqualTo(ExportMapper.Skip.INVALID);
        assertThat(mapper.map("alice", audiobook).skip()).isEqualTo(ExportMapper.Skip.NOT_A_TRACK);
    }

    @Test
    void accountDataPlaysGetANameDerivedTrackAndMinutePrecision() throws Exception {
        ExportRecords.AccountData[] records = json.readValue(Fixtures.read("StreamingHistory_music_0.json"),
                ExportRecords.AccountData[].class);
        ListenEvent event = mapper.map("alice", records[0]).event();
        assertThat(event.trackId()).isEqualTo("name:19efc2a4635bf93080e24cbd25f9944e")
                .isEqualTo(EventIds.ofTrackName("Robert Plant", "Rich Woman"));
        assertThat(event.playedAt()).isEqualTo("2025-04-12T13:50:00.000Z");
        assertThat(event.msPlayed()).isEqualTo(175843L);
        assertThat(event.eventType()).isEqualTo("play");
        assertThat(event.source()).isEqualTo("import");
        assertThat(event.artistId()).isNull();
        assertThat(event.eventId()).isEqualTo("ee94b2b7db2693f452a101d3c0fbee80");
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        assertThat(mapper.map("alice", records[1]).skip()).isEqualTo(ExportMapper.Skip.SHORT);
    }
}
