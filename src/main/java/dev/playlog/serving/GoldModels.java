package dev.playlog.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gold models the read API serves and the filters that make sense on each: the one list that the API, its
 * OpenAPI document and the publisher's completeness check read. {@code GoldModelsIT} holds it to dbt's gold schema.
 */
public final class GoldModels {

    /** Query parameters every model takes. */
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String LIMIT = "limit";
    public static final String OFFSET = "offset";
    public static final String ORDER = "order";

    /**
     * One gold model.
     *
     * @param name         the dbt model (table in the gold schema, file in the snapshot)
     * @param dateColumn   column {@code from}/{@code to} filter on (inclusive UTC dates), or null when the model has none
     * @param filters      equality filter parameter to the column it compares
     * @param defaultOrder columns that order the rows when the request names none (the model's key)
     */
    public record Model(String name, String dateColumn, Map<String, String> filters, List<String> defaultOrder) {

        public Optional<String> date() {
            return Optional.ofNullable(dateColumn);
        }
    }

    private static final Map<String, Model> MODELS = new LinkedHashMap<>();

    static {
        add("fct_plays", "played_date", List.of("played_at", "event_id"),
                "user_id", "source", "country", "device_type", "track_id", "artist_id");
        add("dim_tracks", null, List.of("track_id"), "track_id", "artist_id");
        add("dim_artists", null, List.of("artist_id"), "artist_id");
        add("dim_users", null, List.of("user_id"), "user_id", "country=home_country");
        add("dim_devices", null, List.of("device_type"), "device_type");
        add("dim_countries", null, List.of("country"), "country");
        add("top_tracks", null, List.of("track_rank", "track_id"), "track_id");
        add("top_artists", null, List.of("artist_rank", "artist_id"), "artist_id");
        add("skip_rate_by_track", null, List.of("track_id"), "track_id");
        add("skip_rate_by_artist", null, List.of("artist_id"), "artist_id");
        add("device_usage", null, List.of("device_type"), "device_type");
        add("daily_active_users", "activity_date", List.of("activity_date"));
        add("daily_user_stats", "activity_date", List.of("activity_date", "user_id"), "user_id");
        add("user_engagement", null, List.of("user_id"), "user_id");
        add("user_retention", "first_seen_date", List.of("user_id"), "user_id");
        add("weekly_cohort_retention", "cohort_week", List.of("cohort_week", "weeks_since_first_seen"));
        add("country_engagement_daily", "activity_date", List.of("activity_date", "country"), "country");
    }

    private GoldModels() {
    }

    /** {@code "param"} filters the column of that name, {@code "param=column"} another column. */
    private static void add(String name, String dateColumn, List<String> defaultOrder, String... filters) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String f : filters) {
            String[] parts = f.split("=", 2);
            map.put(parts[0], parts.length == 2 ? parts[1] : parts[0]);
        }
        MODELS.put(name, new Model(name, dateColumn, java.util.Collections.unmodifiableMap(map), List.copyOf(defaultOrder)));
    }

    public static Map<String, Model> all() {
        return java.util.Collections.unmodifiableMap(MODELS);
    }

    public static Optional<Model> find(String name) {
        return Optional.ofNullable(MODELS.get(name));
    }
}
