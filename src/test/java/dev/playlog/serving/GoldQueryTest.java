package dev.playlog.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation of the read API's query parameters: one test per invalid parameter, each asserting the message. */
class GoldQueryTest {

    private static final GoldModels.Model FCT_PLAYS = GoldModels.find("fct_plays").orElseThrow();
    private static final GoldModels.Model TOP_TRACKS = GoldModels.find("top_tracks").orElseThrow();
    private static final Set<String> PLAY_COLUMNS = Set.of("event_id", "user_id", "played_at", "played_date", "country",
            "device_type", "source", "track_id", "artist_id", "ms_played");

    private static GoldQuery parse(GoldModels.Model model, String... nameValue) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            params.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return GoldQuery.parse(model, params, PLAY_COLUMNS, 100, 10_000);
    }

    private static void rejects(GoldModels.Model model, String parameter, String message, String... nameValue) {
        assertThatThrownBy(() -> parse(model, nameValue)).isInstanceOfSatisfying(InvalidParameterException.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void acceptsEveryParameterOfAModelAndBindsFiltersToTheirColumns() {
        GoldQuery q = parse(FCT_PLAYS, "from", "2026-11-20", "to", "2026-11-21", "user_id", "u1", "source", "simulator",
                "country", "SE", "device_type", "mobile", "track_id", "t1", "artist_id", "a1", "limit", "50", "offset", "10",
                "order", "-played_at,event_id");
        assertThat(q.from()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(q.to()).isEqualTo(LocalDate.parse("2026-11-21"));
        assertThat(q.filters()).containsEntry("user_id", "u1").containsEntry("country", "SE").hasSize(6);
        assertThat(q.order()).containsExactly(new GoldQuery.Order("played_at", true), new GoldQuery.Order("event_id", false));
        assertThat(q.limit()).isEqualTo(50);
        assertThat(q.offset()).isEqualTo(10);
    }

    @Test
    void defaultsToTheModelsKeyOrderAndTheDefaultLimit() {
        GoldQuery q = parse(TOP_TRACKS);
        assertThat(q.order()).containsExactly(new GoldQuery.Order("track_rank", false), new GoldQuery.Order("track_id", false));
        assertThat(q.limit()).isEqualTo(100);
        assertThat(q.offset()).isZero();
    }

    @Test
    void mapsAFilterToAColumnOfAnotherName() {
        GoldQuery q = GoldQuery.parse(GoldModels.find("dim_users").orElseThrow(), Map.of("country", List.of("SE")),
                Set.of("user_id", "home_country"), 100, 1000);
        assertThat(q.filters()).containsExactly(Map.entry("home_country", "SE"));
    }

    @Test
    void rejectsAnUnknownParameter() {
        rejects(TOP_TRACKS, "user", "unknown parameter; top_tracks takes limit, offset, order, track_id", "user", "u1");
    }

    @Test
    void rejectsADateRangeOnAModelWithoutDates() {
        rejects(TOP_TRACKS, "from", "top_tracks has no date to filter on", "from", "2026-11-20");
    }

    @Test
    void rejectsAParameterGivenTwice() {
        rejects(FCT_PLAYS, "user_id", "must be given once", "user_id", "a", "user_id", "b");
    }

    @Test
    void rejectsAFromThatIsNotADate() {
        rejects(FCT_PLAYS, "from", "must be a date such as 2026-01-31", "from", "2026-13-01");
    }

    @Test
    void rejectsAToThatIsNotADate() {
        rejects(FCT_PLAYS, "to", "must be a date such as 2026-01-31", "to", "yesterday");
    }

    @Test
    void rejectsAFromAfterTo() {
        rejects(FCT_PLAYS, "from", "must not be after to (2026-11-20)", "from", "2026-11-21", "to", "2026-11-20");
    }

    @Test
    void rejectsAnEmptyUserId() {
        rejects(FCT_PLAYS, "user_id", "must be 1 to 200 characters", "user_id", "");
    }

    @Test
    void rejectsAnOverlongCountry() {
        rejects(FCT_PLAYS, "country", "must be 1 to 200 characters", "country", "x".repeat(201));
    }

    @Test
    void rejectsAnEmptySource() {
        rejects(FCT_PLAYS, "source", "must be 1 to 200 characters", "source", "");
    }

    @Test
    void rejectsAnEmptyDeviceType() {
        rejects(FCT_PLAYS, "device_type", "must be 1 to 200 characters", "device_type", "");
    }

    @Test
    void rejectsAZeroLimit() {
        rejects(FCT_PLAYS, "limit", "must be an integer from 1 to 10000", "limit", "0");
    }

    @Test
    void rejectsALimitAboveTheMaximum() {
        rejects(FCT_PLAYS, "limit", "must be an integer from 1 to 10000", "limit", "10001");
    }

    @Test
    void rejectsALimitThatIsNotANumber() {
        rejects(FCT_PLAYS, "limit", "must be an integer from 1 to 10000", "limit", "ten");
    }

    @Test
    void rejectsANegativeOffset() {
        rejects(FCT_PLAYS, "offset", "must be an integer from 0 to 1000000000", "offset", "-1");
    }

    @Test
    void rejectsAnOrderOnAColumnTheModelLacks() {
        rejects(FCT_PLAYS, "order", "'-plays' is not a column of fct_plays; use column or -column, comma-separated, from "
                + "artist_id, country, device_type, event_id, ms_played, played_at, played_date, source, track_id, user_id",
                "order", "-plays");
    }

    @Test
    void rejectsAnOrderThatNamesAColumnTwice() {
        rejects(FCT_PLAYS, "order", "names user_id twice", "order", "user_id,-user_id");
    }

    @Test
    void rejectsAnOrderWithAnEmptyTerm() {
        rejects(FCT_PLAYS, "order", "'' is not a column of fct_plays; use column or -column, comma-separated, from "
                + "artist_id, country, device_type, event_id, ms_played, played_at, played_date, source, track_id, user_id",
                "order", "user_id,");
    }

    @Test
    void equalQueriesShareACacheKeyAndDifferentOnesDoNot() {
        assertThat(parse(FCT_PLAYS, "user_id", "u", "country", "SE").cacheKey())
                .isEqualTo(parse(FCT_PLAYS, "country", "SE", "user_id", "u").cacheKey())
                .isNotEqualTo(parse(FCT_PLAYS, "country", "SE", "user_id", "v").cacheKey());
    }
}
