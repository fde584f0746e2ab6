package dev.playlog.simulator;

import dev.playlog.event.ListenEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulator's listening model (used by {@link Simulator}, hence by the simulator-produce route): a persistent
 * population listening in sessions to a Zipf–Mandelbrot catalogue, modelled on Eventsim and on Spotify's published
 * figures (docs/simulator.md has the model, its sources and its measured statistics).
 *
 * <p>The caller fixes when events happen ({@code next(at)} is called at the simulator's rate), so the model decides
 * who acts: like Eventsim it keeps the listeners in session in a queue ordered by the time their next event is due
 * (the end of the current stream, or an interaction in it). At {@code at} the earliest due listener acts; when
 * nobody is due yet, a user who is idle (and has been for the session gap) starts a session, drawn by activity at
 * that local hour and weekday. If the rate outruns what the population can listen to, listeners are served before
 * they are due (time compresses); {@link Counters#servedEarly()} counts it.
 *
 * <p>Deterministic: the same seed, sizes, parameters and sequence of {@code next(at)} calls give the same events.
 * Not thread-safe: {@link Simulator} calls it under its lock.
 */
public class BehaviouralGenerator implements ListenEventGenerator {

    /** Counts of what happened so far, for the statistics report. */
    public record Counters(long events, long sessionsStarted, long servedEarly, long waitedMillis, long upgrades,
                           long downgrades, long churned) {
    }

    static final String[] CONTEXTS = {"playlist", "collection", "album", "artist", "radio", "search"};
    /** Share of newly started contexts (streams per context differ: an album plays through, a search plays one). */
    static final double[] CONTEXT_SHARES = {0.40, 0.22, 0.14, 0.10, 0.10, 0.04};
    private static final int PLAYLIST = 0;
    private static final int COLLECTION = 1;
    private static final int ALBUM = 2;
    private static final int ARTIST = 3;
    private static final int RADIO = 4;
    private static final int SEARCH = 5;
    /** Mean streams before the listener moves on to another context (an album runs to its end). */
    private static final double[] CONTEXT_MEAN_RUN = {10, 12, 0, 6, 12, 1};
    /** Relative skip propensity: lean-back radio skips most, a searched-for track least. */
    private static final double[] CONTEXT_SKIP = {1.05, 0.85, 0.65, 0.90, 1.20, 0.50};
    /** Relative skip propensity by device (Lamere 2014: mobile 51.1%, desktop 40.1%), in Population.DEVICES order. */
    private static final double[] DEVICE_SKIP = {1.08, 0.85, 0.90, 1.00, 0.75, 0.85, 0.80, 0.95, 1.00};
    /** Relative session length by device: sessions on speakers, TVs and in cars run longer. */
    private static final double[] DEVICE_SESSION_LENGTH = {0.9, 1.2, 0.8, 1.0, 1.4, 1.2, 1.3, 1.0, 1.0};
    /** Skips by day (Lamere 2014: above 50% on weekends, lowest Monday to Wednesday); 5 x 0.976 + 2 x 1.06 = 7. */
    private static final double WEEKDAY_SKIP = 0.976;
    private static final double WEEKEND_SKIP = 1.06;
    private static final double PRIMARY_DEVICE_SHARE = 0.75;
    private static final double PREMIUM_SHUFFLE_SHARE = 0.45;
    private static final int EDITORIAL_PLAYLISTS = 5_000;
    private static final int OWN_PLAYLISTS = 8;
    private static final long DAY_MS = 86_400_000L;
    private static final long NEVER = Long.MIN_VALUE / 4;
    private static final int STARTER_ATTEMPTS = 8;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static final String PLAY = "play";
    private static final String SKIP = "skip";
    private static final String PAUSE = "pause";
    private static final String LIKE = "like";
    private static final String ADD_TO_PLAYLIST = "add_to_playlist";
    private static final String SOURCE = "simulator";
    private static final byte[] PLAY_BYTES = EventStamper.utf8(PLAY);
    private static final byte[] SKIP_BYTES = EventStamper.utf8(SKIP);
    private static final byte[] PAUSE_BYTES = EventStamper.utf8(PAUSE);
    private static final byte[] LIKE_BYTES = EventStamper.utf8(LIKE);
    private static final byte[] ADD_TO_PLAYLIST_BYTES = EventStamper.utf8(ADD_TO_PLAYLIST);

    private final BehaviourParameters parameters;
    private final SplittableRandom random;
    private final long salt;
    private final Catalogue catalogue;
    private final Population population;
    private final EventStamper stamper;
    private final AliasTable contextTable = new AliasTable(CONTEXT_SHARES);
    private final Session[] sessions;
    private final long[] lastEventMillis;
    private final long[] lastReviewMillis;
    private final int[] sessionCount;
    private final boolean[] active;
    private final long[] heapDue;
    private final int[] heapUser;
    private int heapSize;
    private final long sessionGapMs;
    private final double upgradeHazard;
    private final double downgradeHazard;
    private final double freeChurnHazard;
    private final double premiumChurnHazard;
    private final double earlySkipShare;
    private final double shortSkipShare;
    /** Skip factor of the k-th stream of a session (k from 0): the start factor recovering towards 1. */
    private final double[] positionSkipFactors = new double[32];
    // running calibration of the skip base rate (see skipProbability); the prior is 50 streams at factor 1
    private double rawSkipSum = 50;
    private double rawSkipCount = 50;

    private long events;
    private long sessionsStarted;
    private long servedEarly;
    private long waitedMillis;
    private long upgrades;
    private long downgrades;
    private long churned;
    private int lastOffsetMinutes;

    public BehaviouralGenerator(long seed, int users, int tracks) {
        this(seed, users, tracks, BehaviourParameters.DEFAULTS);
    }

    public BehaviouralGenerator(long seed, int users, int tracks, BehaviourParameters parameters) {
        this.parameters = parameters;
        this.stamper = new EventStamper(seed);
        this.random = new SplittableRandom(seed);
        this.salt = AliasTable.mix(seed ^ 0x243F6A8885A308D3L);
        this.catalogue = new Catalogue(seed, tracks, parameters);
        this.population = new Population(users, parameters, random.split());
        this.sessions = new Session[users];
        this.lastEventMillis = new long[users];
        this.lastReviewMillis = new long[users];
        Arrays.fill(lastEventMillis, NEVER);
        Arrays.fill(lastReviewMillis, NEVER);
        this.sessionCount = new int[users];
        this.active = new boolean[users];
        this.heapDue = new long[users];
        this.heapUser = new int[users];
        this.sessionGapMs = parameters.sessionGapMinutes() * 60_000L;
        this.upgradeHazard = hazardPerDay(parameters.upgradesPerMonth());
        this.downgradeHazard = hazardPerDay(parameters.downgradesPerMonth());
        this.freeChurnHazard = hazardPerDay(parameters.freeChurnPerMonth());
        this.premiumChurnHazard = hazardPerDay(parameters.premiumChurnPerMonth());
        double skips = parameters.skipRate();
        this.earlySkipShare = skips > 0 ? parameters.earlySkipRate() / skips : 0;
        this.shortSkipShare = skips > 0 ? (parameters.shortSkipRate() - parameters.earlySkipRate()) / skips : 0;
        for (int k = 0; k < positionSkipFactors.length; k++) {
            positionSkipFactors[k] = 1 - (1 - parameters.sessionStartSkipFactor()) * Math.exp(-k / 2.0);
        }
    }

    private static double hazardPerDay(double perMonth) {
        return -Math.log1p(-Math.min(perMonth, 0.999_999)) / 30.0;
    }

    @Override
    public ListenEvent next(Instant at) {
        long now = at.toEpochMilli();
        int user;
        if (heapSize > 0 && heapDue[0] <= now) {
            // due before this slot: it waited for a free slot (one event per call), which stretches its session
            waitedMillis += now - heapDue[0];
            user = pollHeap();
        } else {
            user = pickStarter(now);
            if (user >= 0) {
                startSession(user, now);
            } else if (heapSize > 0) {
                user = pollHeap();
                servedEarly++;
            } else {
                // nobody in session and nobody rested: the gap yields to the rate
                user = population.pickStarter(now, random);
                startSession(user, now);
            }
        }
        events++;
        return emit(user, now);
    }

    /** UTC offset of the user of the last event, for the local-time statistics. */
    public int lastUtcOffsetMinutes() {
        return lastOffsetMinutes;
    }

    public Counters counters() {
        return new Counters(events, sessionsStarted, servedEarly, waitedMillis, upgrades, downgrades, churned);
    }

    int catalogueSize() {
        return catalogue.size();
    }

    private int pickStarter(long now) {
        for (int attempt = 0; attempt < STARTER_ATTEMPTS; attempt++) {
            int u = population.pickStarter(now, random);
            if (!active[u] && now - lastEventMillis[u] >= sessionGapMs) {
                return u;
            }
        }
        return -1;
    }

    private void startSession(int u, long now) {
        reviewAccount(u, now);
        Session s = sessions[u];
        if (s == null) {
            s = new Session();
            sessions[u] = s;
        }
        sessionCount[u]++;
        s.id = population.userIds[u] + "-s" + sessionCount[u];
        s.device = random.nextDouble() < PRIMARY_DEVICE_SHARE
                ? population.primaryDevice[u]
                : population.drawDevice(random);
        double median = parameters.sessionMedianStreams() * DEVICE_SESSION_LENGTH[s.device];
        s.planned = (int) Math.max(1, Math.min(1_000,
                Math.round(median * Math.exp(parameters.sessionLengthSigma() * random.nextGaussian()))));
        s.streams = 0;
        s.contextLeft = 0;
        s.previousTrack = -1;
        active[u] = true;
        sessionsStarted++;
        startStream(s, u, now);
    }

    /** Subscription changes and churn since the user was last seen, as constant hazards over the elapsed time. */
    private void reviewAccount(int u, long now) {
        long last = lastReviewMillis[u];
        lastReviewMillis[u] = now;
        if (last == NEVER || now <= last) {
            return;
        }
        double days = (now - last) / (double) DAY_MS;
        boolean premium = population.premium[u];
        if (random.nextDouble() < -Math.expm1(-(premium ? premiumChurnHazard : freeChurnHazard) * days)) {
            population.replace(u, random);
            sessionCount[u] = 0;
            churned++;
        } else if (premium) {
            if (random.nextDouble() < -Math.expm1(-downgradeHazard * days)) {
                population.premium[u] = false;
                downgrades++;
            }
        } else if (random.nextDouble() < -Math.expm1(-upgradeHazard * days)) {
            population.premium[u] = true;
            upgrades++;
        }
    }

    /** Chooses the next stream of a session: its context, track, outcome and the interactions during it. */
    private void startStream(Session s, int u, long now) {
        boolean first = s.streams == 0;
        String reasonStart;
        if (s.contextLeft <= 0) {
            newContext(s, u);
            reasonStart = first ? firstReason() : "clickrow";
        } else {
            reasonStart = s.skipped ? "fwdbtn" : "trackdone";
        }
        s.contextLeft--;
        int track = nextTrack(s);
        s.track = catalogue.track(track);
        s.previousTrack = track;
        s.reasonStart = reasonStart;
        int duration = s.track.durationMs().intValue();
        int offset = population.offsetMinutes(u);
        boolean skipped = random.nextDouble() < skipProbability(s, offset, now);
        s.skipped = skipped;
        s.endMs = skipped ? skipPoint(duration) : duration;
        s.reasonEnd = !skipped ? "trackdone" : s.streams + 1 == s.planned ? "endplay" : skipReason();

        s.pendingCount = 0;
        s.pendingIndex = 0;
        if (s.endMs >= 20_000 && random.nextDouble() < parameters.pauseRate()) {
            s.addPending(PAUSE, (long) (s.endMs * (0.1 + 0.7 * random.nextDouble())));
        }
        if (!skipped) {
            if (random.nextDouble() < parameters.likeRate()) {
                s.addPending(LIKE, (long) (s.endMs * (0.3 + 0.7 * random.nextDouble())));
            }
            if (random.nextDouble() < parameters.addToPlaylistRate()) {
                s.addPending(ADD_TO_PLAYLIST, (long) (s.endMs * (0.3 + 0.7 * random.nextDouble())));
            }
        }
    }

    /**
     * Skip probability of the next stream: the configured rate times relative factors (context, position in the
     * session, device, shuffle) divided by their running mean, which keeps the overall rate at the configured one
     * whatever mix of contexts and devices the population produces; then a weekday/weekend factor (Lamere: more
     * skips on weekends) whose mean over a week is 1. That one stays out of the running mean: it cycles weekly and
     * would bias a cumulative mean in the first weeks.
     */
    private double skipProbability(Session s, int offsetMinutes, long now) {
        double positionFactor = s.streams < positionSkipFactors.length ? positionSkipFactors[s.streams] : 1;
        double raw = CONTEXT_SKIP[s.context] * positionFactor * DEVICE_SKIP[s.device] * (s.shuffle ? 1.08 : 0.95);
        rawSkipSum += raw;
        rawSkipCount++;
        int localDay = (int) Math.floorMod(Math.floorDiv(now + offsetMinutes * 60_000L, DAY_MS) + 3, 7);
        double weekday = localDay >= 5 ? WEEKEND_SKIP : WEEKDAY_SKIP;
        return Math.min(0.97, parameters.skipRate() * weekday * raw * rawSkipCount / rawSkipSum);
    }

    /** Where a skipped stream stops: Lamere's shares within 5 s and 30 s, then uniform to the end. */
    private long skipPoint(int durationMs) {
        double bucket = random.nextDouble();
        if (bucket < earlySkipShare) {
            return random.nextInt(5_000);
        }
        if (bucket < earlySkipShare + shortSkipShare) {
            return 5_000 + (long) (25_000 * Math.pow(random.nextDouble(), 1.5));
        }
        return 30_000 + (long) ((durationMs - 30_000) * random.nextDouble());
    }

    private String firstReason() {
        double r = random.nextDouble();
        return r < 0.5 ? "clickrow" : r < 0.8 ? "appload" : "playbtn";
    }

    private String skipReason() {
        double r = random.nextDouble();
        return r < 0.88 ? "fwdbtn" : r < 0.95 ? "backbtn" : "clickrow";
    }

    private void newContext(Session s, int u) {
        int context = contextTable.sample(random);
        s.context = context;
        boolean freeHandheld = !population.premium[u] && (s.device == 0 || s.device == 3);
        // the free tier on phones and tablets plays playlists, albums and artists in shuffle
        s.shuffle = context != RADIO && context != SEARCH
                && (freeHandheld || random.nextDouble() < PREMIUM_SHUFFLE_SHARE);
        long signup = population.signup[u];
        switch (context) {
            case PLAYLIST -> {
                if (random.nextDouble() < 0.6) {
                    int editorial = logUniformIndex(EDITORIAL_PLAYLISTS);
                    s.contextKey = AliasTable.mix(salt + editorial);
                    s.contextUri = "playlog:playlist:pe" + editorial;
                } else {
                    int own = random.nextInt(OWN_PLAYLISTS);
                    s.contextKey = AliasTable.mix(salt ^ (signup * OWN_PLAYLISTS + own + 1) * GOLDEN);
                    s.contextUri = "playlog:playlist:pu" + signup + "-" + own;
                }
                s.contextSize = 30 + (int) ((s.contextKey >>> 40) % 171);
                s.contextStep = random.nextInt(s.contextSize);
                s.contextLeft = runLength(CONTEXT_MEAN_RUN[PLAYLIST]);
            }
            case COLLECTION -> {
                s.contextKey = AliasTable.mix(salt * 7 + signup);
                s.contextSize = population.librarySize[u];
                s.contextStep = random.nextInt(s.contextSize);
                s.contextUri = "playlog:user:" + population.userIds[u] + ":collection";
                s.contextLeft = runLength(CONTEXT_MEAN_RUN[COLLECTION]);
            }
            case ALBUM -> {
                int album = catalogue.albumOf(catalogue.popularTrack(random.nextLong()));
                s.contextAnchor = album;
                s.contextStep = 0;
                s.contextSize = catalogue.albumEnd(album) - catalogue.albumFirstTrack(album);
                s.contextUri = "playlog:album:" + catalogue.albumId(album);
                s.contextLeft = s.contextSize;
            }
            case ARTIST, RADIO -> {
                int artist = catalogue.artistOf(catalogue.popularTrack(random.nextLong()));
                s.contextAnchor = artist;
                s.contextUri = (context == RADIO ? "playlog:station:artist:" : "playlog:artist:")
                        + catalogue.artistId(artist);
                s.contextLeft = runLength(CONTEXT_MEAN_RUN[context]);
            }
            default -> {
                s.contextUri = null;
                s.contextLeft = 1;
            }
        }
    }

    private int nextTrack(Session s) {
        int track = -1;
        for (int attempt = 0; attempt < 4; attempt++) {
            track = switch (s.context) {
                case PLAYLIST, COLLECTION -> {
                    int index = s.shuffle ? random.nextInt(s.contextSize) : s.contextStep++ % s.contextSize;
                    // a list's k-th entry is a fixed popularity draw: the same playlist holds the same tracks
                    yield catalogue.popularTrack(AliasTable.mix(s.contextKey + index * GOLDEN));
                }
                case ALBUM -> {
                    int index = s.shuffle ? random.nextInt(s.contextSize) : s.contextStep++ % s.contextSize;
                    yield catalogue.albumFirstTrack(s.contextAnchor) + index;
                }
                case ARTIST -> artistTrack(s.contextAnchor);
                case RADIO -> {
                    if (random.nextBoolean()) {
                        yield catalogue.popularTrack(random.nextLong());
                    }
                    // neighbouring artist indexes stand in for "similar artists"
                    int artist = Math.floorMod(s.contextAnchor + random.nextInt(41) - 20, catalogue.artistCount());
                    yield artistTrack(artist);
                }
                default -> catalogue.popularTrack(random.nextLong());
            };
            if (track != s.previousTrack) {
                return track;
            }
        }
        return track;
    }

    /** One of the artist's tracks, favouring their hits (probability ~ 1/(k+1) for the k-th most popular). */
    private int artistTrack(int artist) {
        return catalogue.artistTrack(artist, logUniformIndex(catalogue.artistTrackCount(artist)));
    }

    private int logUniformIndex(int n) {
        int k = (int) (Math.exp(random.nextDouble() * Math.log(n + 1.0)) - 1);
        return Math.min(Math.max(k, 0), n - 1);
    }

    private int runLength(double mean) {
        return 1 + (int) (-(mean - 1) * Math.log(1 - random.nextDouble()));
    }

    /** Time from the end of one stream to the start of the next: mostly none, sometimes a short or long pause. */
    private long gapMs() {
        double r = random.nextDouble();
        if (r < 0.85) {
            return random.nextInt(1_500);
        }
        return r < 0.95 ? 2_000 + random.nextInt(28_000) : 60_000 + random.nextInt(540_000);
    }

    private ListenEvent emit(int u, long now) {
        Session s = sessions[u];
        lastEventMillis[u] = now;
        lastOffsetMinutes = population.offsetMinutes(u);
        String type;
        long msPlayed;
        String reasonEnd;
        if (s.pendingIndex < s.pendingCount) {
            int i = s.pendingIndex++;
            type = s.pendingType[i];
            msPlayed = s.pendingAt[i];
            reasonEnd = null;
            long nextAt = s.pendingIndex < s.pendingCount ? s.pendingAt[s.pendingIndex] : s.endMs;
            pushHeap(u, now + (nextAt - msPlayed));
        } else {
            type = s.skipped ? SKIP : PLAY;
            msPlayed = s.endMs;
            reasonEnd = s.reasonEnd;
        }
        ListenEvent event = event(s, u, now, type, msPlayed, reasonEnd);
        if (reasonEnd != null) {
            s.streams++;
            if (s.streams >= s.planned) {
                active[u] = false;
            } else {
                long gap = gapMs();
                startStream(s, u, now);
                long firstAt = s.pendingCount > 0 ? s.pendingAt[0] : s.endMs;
                pushHeap(u, now + gap + firstAt);
            }
        }
        return event;
    }

    private ListenEvent event(Session s, int u, long now, String type, long msPlayed, String reasonEnd) {
        Catalogue.Track track = s.track;
        String playedAt = stamper.playedAt(now);
        // events was counted for this event already: its position in the seeded stream is events - 1
        String eventId = stamper.eventId(events - 1, population.userIdBytes[u], track.idBytes(), typeBytes(type));
        return new ListenEvent(ListenEvent.SCHEMA_VERSION, eventId, type, population.userIds[u], s.id, track.id(),
                track.name(), track.artistId(), track.artistName(), track.albumId(), track.albumName(),
                track.durationMs(), msPlayed, Population.DEVICES[s.device], population.country(u),
                population.premium[u] ? "premium" : "free", CONTEXTS[s.context], s.contextUri, playedAt, SOURCE,
                s.shuffle, s.reasonStart, reasonEnd, null, null, track.explicit());
    }

    /** Types are always these constants: comparing references spares hashing the string per event. */
    @SuppressWarnings("StringEquality")
    private static byte[] typeBytes(String type) {
        if (type == PLAY) {
            return PLAY_BYTES;
        }
        if (type == SKIP) {
            return SKIP_BYTES;
        }
        return type == PAUSE ? PAUSE_BYTES : type == LIKE ? LIKE_BYTES : ADD_TO_PLAYLIST_BYTES;
    }

    private void pushHeap(int u, long due) {
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapDue[parent] <= due) {
                break;
            }
            heapDue[i] = heapDue[parent];
            heapUser[i] = heapUser[parent];
            i = parent;
        }
        heapDue[i] = due;
        heapUser[i] = u;
    }

    private int pollHeap() {
        int top = heapUser[0];
        int n = --heapSize;
        long due = heapDue[n];
        int user = heapUser[n];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heapDue[child + 1] < heapDue[child]) {
                child++;
            }
            if (heapDue[child] >= due) {
                break;
            }
            heapDue[i] = heapDue[child];
            heapUser[i] = heapUser[child];
            i = child;
        }
        if (n > 0) {
            heapDue[i] = due;
            heapUser[i] = user;
        }
        return top;
    }

    /** State of one user's current session and stream; one instance per user, reused across sessions. */
    private static final class Session {
        String id;
        int device;
        int planned;
        int streams;
        int context;
        String contextUri;
        long contextKey;
        int contextAnchor;
        int contextSize;
        int contextStep;
        int contextLeft;
        boolean shuffle;
        Catalogue.Track track;
        int previousTrack;
        boolean skipped;
        long endMs;
        String reasonStart;
        String reasonEnd;
        final String[] pendingType = new String[3];
        final long[] pendingAt = new long[3];
        int pendingCount;
        int pendingIndex;

        /** Adds an interaction, keeping them ordered by position in the stream. */
        void addPending(String type, long at) {
            int i = pendingCount++;
            while (i > 0 && pendingAt[i - 1] > at) {
                pendingType[i] = pendingType[i - 1];
                pendingAt[i] = pendingAt[i - 1];
                i--;
            }
            pendingType[i] = type;
            pendingAt[i] = at;
        }
    }
}
