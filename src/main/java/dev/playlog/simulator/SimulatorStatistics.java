package dev.playlog.simulator;

import dev.playlog.event.ListenEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures a stream of generated events the way the gold models would (skip rates, sessions, concentration, active
 * users, shares, hourly profiles) and checks them against the bands docs/simulator.md documents. Used by
 * {@link SimulatorReport} and by the generator's tests.
 */
public final class SimulatorStatistics {

    /** An acceptable range for one statistic of the default model. */
    public record Band(String name, double low, double high) {
        boolean contains(double value) {
            return value >= low && value <= high;
        }
    }

    /** A statistic's measured value against its band. */
    public record Check(Band band, double value) {
        public boolean passes() {
            return band.contains(value);
        }
    }

    public static final Band SKIP_RATE = new Band("skip rate (skips / streams)", 0.465, 0.505);
    public static final Band SKIPPED_WITHIN_5S = new Band("share of streams skipped within 5 s", 0.225, 0.26);
    public static final Band SKIPPED_WITHIN_30S = new Band("share of streams skipped within 30 s", 0.33, 0.37);
    public static final Band FIRST_STREAM_SKIP_RATIO =
            new Band("skip rate of first streams / later streams (6+)", 0.45, 0.7);
    public static final Band ALBUM_VS_RADIO_SKIP_RATIO = new Band("skip rate album / radio", 0.4, 0.8);
    public static final Band SESSION_MEDIAN_STREAMS = new Band("session streams p50", 7, 14);
    public static final Band SESSION_P90_STREAMS = new Band("session streams p90", 20, 45);
    public static final Band SESSION_MEDIAN_MINUTES = new Band("session minutes p50", 15, 45);
    public static final Band TOP_PERCENT_SHARE = new Band("share of streams on the top 1% of tracks", 0.4, 0.6);
    public static final Band DAU_OVER_MAU = new Band("DAU/MAU", 0.15, 0.5);
    public static final Band MOBILE_SHARE = new Band("mobile share of streams", 0.5, 0.7);
    public static final Band PREMIUM_SHARE = new Band("premium share of streams", 0.3, 0.55);
    public static final Band LOCAL_NIGHT_SHARE = new Band("share of streams 01:00-05:59 local", 0.02, 0.10);
    public static final Band LOCAL_EVENING_SHARE = new Band("share of streams 17:00-21:59 local", 0.22, 0.35);
    public static final Band PAUSE_SHARE = new Band("pause share of events", 0.025, 0.07);
    public static final Band LIKE_SHARE = new Band("like share of events", 0.02, 0.06);
    public static final Band ADD_TO_PLAYLIST_SHARE = new Band("add_to_playlist share of events", 0.01, 0.04);

    private static final String[] TYPES = {"play", "skip", "pause", "like", "add_to_playlist"};
    static final String[] POSITION_BUCKETS = {"1", "2", "3", "4-5", "6-10", "11-20", "21+"};

    private final int catalogueSize;
    private long events;
    private long streams;
    private long skips;
    private long skippedWithin5s;
    private long skippedWithin30s;
    private long premiumStreams;
    private final long[] typeCounts = new long[TYPES.length];
    private final long[] positionStreams = new long[POSITION_BUCKETS.length];
    private final long[] positionSkips = new long[POSITION_BUCKETS.length];
    private final Map<String, long[]> contexts = new LinkedHashMap<>();
    private final Map<String, long[]> devices = new LinkedHashMap<>();
    private final Map<String, long[]> countries = new HashMap<>();
    private final Map<String, SessionTally> sessions = new HashMap<>(1 << 16);
    private final Map<String, long[]> trackStreams = new HashMap<>(1 << 17);
    private final TreeMap<Long, Set<String>> usersByDay = new TreeMap<>();
    private final long[] localHourStreams = new long[24];
    private final long[] utcHourStreams = new long[24];

    private static final class SessionTally {
        final long startMs;
        long lastMs;
        int streams;
        int events;

        SessionTally(long startMs) {
            this.startMs = startMs;
        }
    }

    public SimulatorStatistics(int catalogueSize) {
        this.catalogueSize = catalogueSize;
    }

    /**
     * Counts one event that happened at {@code epochMillis} for a user whose local time is UTC plus
     * {@code offsetMinutes} (the contract carries no time zone, so the caller passes the generator's).
     */
    public void accept(ListenEvent event, long epochMillis, int offsetMinutes) {
        events++;
        String type = event.eventType();
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(type)) {
                typeCounts[i]++;
            }
        }
        usersByDay.computeIfAbsent(Math.floorDiv(epochMillis, 86_400_000L), d -> new HashSet<>()).add(event.userId());
        SessionTally session = sessions.get(event.sessionId());
        if (session == null) {
            // the session began when its first stream started, ms_played before its first event
            session = new SessionTally(epochMillis - event.msPlayed());
            sessions.put(event.sessionId(), session);
        }
        session.events++;
        session.lastMs = epochMillis;
        if (!event.isStream()) {
            return;
        }
        boolean skip = "skip".equals(type);
        session.streams++;
        streams++;
        int bucket = positionBucket(session.streams);
        positionStreams[bucket]++;
        count(contexts, String.valueOf(event.contextType()), skip);
        count(devices, event.deviceType(), skip);
        count(countries, String.valueOf(event.country()), skip);
        trackStreams.computeIfAbsent(event.trackId(), t -> new long[1])[0]++;
        if ("premium".equals(event.subscription())) {
            premiumStreams++;
        }
        localHourStreams[Population.hourOfWeek(epochMillis, offsetMinutes) % 24]++;
        utcHourStreams[Population.hourOfWeek(epochMillis, 0) % 24]++;
        if (skip) {
            skips++;
            positionSkips[bucket]++;
            if (event.msPlayed() < 5_000) {
                skippedWithin5s++;
            }
            if (event.msPlayed() < 30_000) {
                skippedWithin30s++;
            }
        }
    }

    private static void count(Map<String, long[]> map, String key, boolean skip) {
        long[] c = map.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        if (skip) {
            c[1]++;
        }
    }

    private static int positionBucket(int position) {
        if (position <= 3) {
            return position - 1;
        }
        return position <= 5 ? 3 : position <= 10 ? 4 : position <= 20 ? 5 : 6;
    }

    public long events() {
        return events;
    }

    public long streams() {
        return streams;
    }

    public double skipRate() {
        return ratio(skips, streams);
    }

    public double skippedWithin5s() {
        return ratio(skippedWithin5s, streams);
    }

    public double skippedWithin30s() {
        return ratio(skippedWithin30s, streams);
    }

    /** Skip rate by position of the stream in its session, in {@link #POSITION_BUCKETS} order. */
    public double[] skipRateByPosition() {
        double[] rates = new double[POSITION_BUCKETS.length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = ratio(positionSkips[i], positionStreams[i]);
        }
        return rates;
    }

    /** Share of streams in each position bucket. */
    public double[] positionShares() {
        double[] shares = new double[POSITION_BUCKETS.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = ratio(positionStreams[i], streams);
        }
        return shares;
    }

    /** Streams share and skip rate of each context type, most frequent first. */
    public Map<String, double[]> contexts() {
        return shares(contexts);
    }

    public Map<String, double[]> devices() {
        return shares(devices);
    }

    public Map<String, double[]> countries() {
        return shares(countries);
    }

    private Map<String, double[]> shares(Map<String, long[]> counts) {
        Map<String, double[]> result = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> result.put(e.getKey(),
                        new double[] {ratio(e.getValue()[0], streams), ratio(e.getValue()[1], e.getValue()[0])}));
        return result;
    }

    public double typeShare(String type) {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(type)) {
                return ratio(typeCounts[i], events);
            }
        }
        return 0;
    }

    public double premiumShare() {
        return ratio(premiumStreams, streams);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** p50, p90 and mean of streams per session. */
    public double[] sessionStreams() {
        return distribution(sessions.values().stream().mapToDouble(s -> s.streams).toArray());
    }

    /** p50, p90 and mean of events per session. */
    public double[] sessionEvents() {
        return distribution(sessions.values().stream().mapToDouble(s -> s.events).toArray());
    }

    /** p50, p90 and mean of session minutes, from the start of its first stream to its last event. */
    public double[] sessionMinutes() {
        return distribution(sessions.values().stream().mapToDouble(s -> (s.lastMs - s.startMs) / 60_000.0).toArray());
    }

    private static double[] distribution(double[] values) {
        if (values.length == 0) {
            return new double[3];
        }
        Arrays.sort(values);
        double mean = Arrays.stream(values).average().orElse(0);
        int n = values.length - 1;
        return new double[] {values[(int) (0.5 * n)], values[(int) (0.9 * n)], mean};
    }

    /** Share of streams taken by the most streamed 1% of the catalogue. */
    public double topPercentShare() {
        long[] counts = trackStreams.values().stream().mapToLong(c -> c[0]).sorted().toArray();
        int top = Math.max(1, catalogueSize / 100);
        long sum = 0;
        for (int i = counts.length - 1; i >= 0 && i >= counts.length - top; i--) {
            sum += counts[i];
        }
        return ratio(sum, streams);
    }

    public int distinctTracks() {
        return trackStreams.size();
    }

    /** Mean daily active users over the last 30 days with events (or fewer, if the run is shorter). */
    public double dailyActiveUsers() {
        List<Set<String>> window = lastDays();
        return window.stream().mapToInt(Set::size).average().orElse(0);
    }

    /** Distinct users over the last 30 days with events. */
    public int monthlyActiveUsers() {
        Set<String> all = new HashSet<>();
        lastDays().forEach(all::addAll);
        return all.size();
    }

    public double dauOverMau() {
        int mau = monthlyActiveUsers();
        return mau == 0 ? 0 : dailyActiveUsers() / mau;
    }

    public int days() {
        return usersByDay.size();
    }

    private List<Set<String>> lastDays() {
        if (usersByDay.isEmpty()) {
            return List.of();
        }
        long last = usersByDay.lastKey();
        return new ArrayList<>(usersByDay.subMap(last - 29, true, last, true).values());
    }

    /** Share of streams by hour of the day in the listener's local time. */
    public double[] localHourProfile() {
        return profile(localHourStreams);
    }

    /** Share of streams by hour of the day in UTC. */
    public double[] utcHourProfile() {
        return profile(utcHourStreams);
    }

    private double[] profile(long[] hours) {
        double[] shares = new double[24];
        for (int h = 0; h < 24; h++) {
            shares[h] = ratio(hours[h], streams);
        }
        return shares;
    }

    private static double sum(double[] values, int from, int to) {
        double s = 0;
        for (int i = from; i <= to; i++) {
            s += values[i];
        }
        return s;
    }

    /** Every documented statistic against its band. */
    public List<Check> checks() {
        double[] byPosition = skipRateByPosition();
        Map<String, double[]> byContext = contexts();
        double album = byContext.getOrDefault("album", new double[2])[1];
        double radio = byContext.getOrDefault("radio", new double[2])[1];
        double[] sessionStreams = sessionStreams();
        double[] local = localHourProfile();
        return List.of(
                new Check(SKIP_RATE, skipRate()),
                new Check(SKIPPED_WITHIN_5S, skippedWithin5s()),
                new Check(SKIPPED_WITHIN_30S, skippedWithin30s()),
                new Check(FIRST_STREAM_SKIP_RATIO, ratio(byPosition[0], laterSkipRate())),
                new Check(ALBUM_VS_RADIO_SKIP_RATIO, radio == 0 ? 0 : album / radio),
                new Check(SESSION_MEDIAN_STREAMS, sessionStreams[0]),
                new Check(SESSION_P90_STREAMS, sessionStreams[1]),
                new Check(SESSION_MEDIAN_MINUTES, sessionMinutes()[0]),
                new Check(TOP_PERCENT_SHARE, topPercentShare()),
                new Check(DAU_OVER_MAU, dauOverMau()),
                new Check(MOBILE_SHARE, devices().getOrDefault("mobile", new double[2])[0]),
                new Check(PREMIUM_SHARE, premiumShare()),
                new Check(LOCAL_NIGHT_SHARE, sum(local, 1, 5)),
                new Check(LOCAL_EVENING_SHARE, sum(local, 17, 21)),
                new Check(PAUSE_SHARE, typeShare("pause")),
                new Check(LIKE_SHARE, typeShare("like")),
                new Check(ADD_TO_PLAYLIST_SHARE, typeShare("add_to_playlist")));
    }

    private double laterSkipRate() {
        long s = 0;
        long k = 0;
        for (int i = 4; i < POSITION_BUCKETS.length; i++) {
            s += positionStreams[i];
            k += positionSkips[i];
        }
        return ratio(k, s);
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
