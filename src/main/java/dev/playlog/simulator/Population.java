package dev.playlog.simulator;

import java.util.SplittableRandom;

/**
 * The simulated listeners: a fixed number of account slots, each with a home country and UTC offset, a chronotype,
 * a primary device, a subscription and an activity level. {@link #pickStarter} chooses who starts a session at an
 * instant, weighted by each user's activity at that hour of the week in the user's own local time.
 *
 * <p>Users are grouped by (time zone, chronotype), whose members share an hourly profile: the pick draws a group
 * from the table of the current UTC hour of the week (168 precomputed alias tables), then a member by activity.
 */
final class Population {

    /** A home time zone: country, fixed UTC offset (daylight saving is ignored) and share of the population. */
    record Zone(String country, int offsetMinutes, double share) {
    }

    /*
     * Spotify MAU by region, Q4 2024: Europe 27%, Latin America 22%, North America ~18%, rest of world ~33%; the split
     * within a region (and of the US and Canada over their zones, roughly by population) is ours.
     */
    static final Zone[] ZONES = {
        new Zone("US", -300, 7.75), new Zone("US", -360, 4.8), new Zone("US", -420, 1.15), new Zone("US", -480, 2.8),
        new Zone("CA", -300, 0.9), new Zone("CA", -420, 0.2), new Zone("CA", -480, 0.4),
        new Zone("GB", 0, 5), new Zone("DE", 60, 5), new Zone("FR", 60, 4), new Zone("ES", 60, 3),
        new Zone("IT", 60, 2.5), new Zone("NL", 60, 1.5), new Zone("SE", 60, 1.5), new Zone("PL", 60, 2),
        new Zone("TR", 180, 2.5),
        new Zone("BR", -180, 9), new Zone("MX", -360, 7), new Zone("AR", -180, 2.5), new Zone("CO", -300, 2),
        new Zone("CL", -240, 1.5),
        new Zone("IN", 330, 9), new Zone("ID", 420, 5), new Zone("PH", 480, 4), new Zone("JP", 540, 3),
        new Zone("AU", 600, 2.5), new Zone("AU", 480, 0.5), new Zone("ZA", 120, 2), new Zone("NG", 60, 1.5),
        new Zone("EG", 120, 1.5), new Zone("SA", 180, 1), new Zone("TH", 420, 1), new Zone("VN", 420, 1),
        new Zone("NZ", 720, 0.5), new Zone("KR", 540, 0.5),
    };

    /**
     * The contract's device types and the share of sessions on each: Spotify's 2015 split (42% phone, 10% tablet,
     * 45% desktop, 3% web) moved towards phones and connected devices (speakers, cars, TVs, consoles).
     */
    static final String[] DEVICES = {
        "mobile", "desktop", "web", "tablet", "speaker", "car", "tv", "console", "unknown"};
    static final double[] DEVICE_SHARES = {0.60, 0.17, 0.04, 0.05, 0.06, 0.04, 0.025, 0.01, 0.005};

    /** Chronotypes shift the daily profile: early risers, the average, night owls. */
    static final int[] CHRONOTYPE_SHIFT_HOURS = {-1, 0, 2};
    static final double[] CHRONOTYPE_SHARES = {0.25, 0.5, 0.25};

    /** Relative session starts by local hour, Monday to Friday: night trough, commute ramp, evening peak. */
    static final double[] WEEKDAY_PROFILE = {
        0.35, 0.20, 0.12, 0.08, 0.07, 0.12, 0.35, 0.70, 0.90, 0.85, 0.85, 0.90,
        0.95, 0.95, 0.95, 1.00, 1.05, 1.10, 1.05, 1.00, 0.95, 0.85, 0.70, 0.50};
    /** Saturday and Sunday: a later morning and a flatter day. */
    static final double[] WEEKEND_PROFILE = {
        0.50, 0.35, 0.22, 0.14, 0.10, 0.08, 0.12, 0.25, 0.45, 0.65, 0.85, 0.95,
        1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 0.95, 0.95, 0.90, 0.85, 0.75, 0.65};
    static final double WEEKEND_VOLUME = 0.95;

    private static final int HOURS_PER_WEEK = 168;
    private static final long HOUR_MS = 3_600_000L;

    final int size;
    final byte[] zone;
    final byte[] chronotype;
    final float[] activity;
    final byte[] primaryDevice;
    final boolean[] premium;
    final int[] librarySize;
    final long[] signup;
    final String[] userIds;
    final byte[][] userIdBytes;
    long nextSignup;

    private final int groupCount;
    private final int[][] groupMembers;
    private final AliasTable[] memberTables;
    private final AliasTable[] groupTablesByUtcHour;
    private final AliasTable zoneTable;
    private final AliasTable deviceTable;
    private long cachedHour = Long.MIN_VALUE;
    private AliasTable cachedGroupTable;

    Population(int size, BehaviourParameters parameters, SplittableRandom random) {
        if (size < 1) {
            throw new IllegalArgumentException("a population needs at least one user");
        }
        this.size = size;
        zone = new byte[size];
        chronotype = new byte[size];
        activity = new float[size];
        primaryDevice = new byte[size];
        premium = new boolean[size];
        librarySize = new int[size];
        signup = new long[size];
        userIds = new String[size];
        userIdBytes = new byte[size][];

        double[] zoneShares = new double[ZONES.length];
        for (int z = 0; z < ZONES.length; z++) {
            zoneShares[z] = ZONES[z].share();
        }
        zoneTable = new AliasTable(zoneShares);
        deviceTable = new AliasTable(DEVICE_SHARES);
        AliasTable chronotypes = new AliasTable(CHRONOTYPE_SHARES);
        groupCount = ZONES.length * CHRONOTYPE_SHARES.length;
        int[] groupSizes = new int[groupCount];
        double[] groupActivity = new double[groupCount];
        for (int u = 0; u < size; u++) {
            zone[u] = (byte) zoneTable.sample(random);
            chronotype[u] = (byte) chronotypes.sample(random);
            // log-normal with mean 1: a few heavy listeners, a long tail of occasional ones
            double sigma = parameters.activitySigma();
            activity[u] = (float) Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
            premium[u] = random.nextDouble() < parameters.premiumShare();
            signup[u] = u;
            setId(u);
            fillNewAccount(u, random);
            int g = group(u);
            groupSizes[g]++;
            groupActivity[g] += activity[u];
        }
        nextSignup = size;

        groupMembers = new int[groupCount][];
        memberTables = new AliasTable[groupCount];
        int[] fill = new int[groupCount];
        for (int g = 0; g < groupCount; g++) {
            groupMembers[g] = new int[groupSizes[g]];
        }
        for (int u = 0; u < size; u++) {
            int g = group(u);
            groupMembers[g][fill[g]++] = u;
        }
        for (int g = 0; g < groupCount; g++) {
            if (groupSizes[g] > 0) {
                double[] weights = new double[groupSizes[g]];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = activity[groupMembers[g][i]];
                }
                memberTables[g] = new AliasTable(weights);
            }
        }
        groupTablesByUtcHour = new AliasTable[HOURS_PER_WEEK];
        for (int h = 0; h < HOURS_PER_WEEK; h++) {
            double[] weights = new double[groupCount];
            for (int g = 0; g < groupCount; g++) {
                // the middle of the UTC hour, in the group's local time
                int localMinute = Math.floorMod(h * 60 + 30 + ZONES[g / CHRONOTYPE_SHARES.length].offsetMinutes(),
                        HOURS_PER_WEEK * 60);
                weights[g] = groupActivity[g] * profile(g % CHRONOTYPE_SHARES.length, localMinute / 60);
            }
            groupTablesByUtcHour[h] = new AliasTable(weights);
        }
    }

    /** Device, library size and id of a fresh account in this slot (at start-up or after a churned user left). */
    void fillNewAccount(int u, SplittableRandom random) {
        primaryDevice[u] = (byte) deviceTable.sample(random);
        librarySize[u] = (int) Math.max(10, Math.min(10_000, Math.round(150 * Math.exp(random.nextGaussian()))));
    }

    /** A new user takes the slot of one who left: new id, free tier, same home and habits (keeps the mix stable). */
    void replace(int u, SplittableRandom random) {
        signup[u] = nextSignup++;
        setId(u);
        premium[u] = false;
        fillNewAccount(u, random);
    }

    private void setId(int u) {
        userIds[u] = Catalogue.id("u", signup[u], 7);
        userIdBytes[u] = EventStamper.utf8(userIds[u]);
    }

    int drawDevice(SplittableRandom random) {
        return deviceTable.sample(random);
    }

    /** A user chosen to start a session at this instant, by activity at the current local hour of the week. */
    int pickStarter(long epochMillis, SplittableRandom random) {
        long hour = Math.floorDiv(epochMillis, HOUR_MS);
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedGroupTable = groupTablesByUtcHour[utcHourOfWeek(epochMillis)];
        }
        int g = cachedGroupTable.sample(random);
        return groupMembers[g][memberTables[g].sample(random)];
    }

    int offsetMinutes(int u) {
        return ZONES[zone[u]].offsetMinutes();
    }

    String country(int u) {
        return ZONES[zone[u]].country();
    }

    private int group(int u) {
        return zone[u] * CHRONOTYPE_SHARES.length + chronotype[u];
    }

    /** Relative activity of a chronotype at a local hour of the week (0 = Monday 00:00). */
    static double profile(int chronotype, int localHourOfWeek) {
        int day = localHourOfWeek / 24;
        int hour = Math.floorMod(localHourOfWeek % 24 - CHRONOTYPE_SHIFT_HOURS[chronotype], 24);
        return day >= 5 ? WEEKEND_PROFILE[hour] * WEEKEND_VOLUME : WEEKDAY_PROFILE[hour];
    }

    /** Hour of the week, Monday 00:00 = 0, of an instant shifted by an offset (UTC when 0). */
    static int hourOfWeek(long epochMillis, int offsetMinutes) {
        long hours = Math.floorDiv(epochMillis + offsetMinutes * 60_000L, HOUR_MS);
        // 1970-01-01 was a Thursday: three days after a Monday
        return (int) Math.floorMod(hours + 3 * 24, HOURS_PER_WEEK);
    }

    static int utcHourOfWeek(long epochMillis) {
        return hourOfWeek(epochMillis, 0);
    }
}
