package dev.playlog.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Tracks, albums and artists of the simulated service, fixed for a seed: artists own albums of contiguous tracks,
 * track lengths are log-normal, and popularity follows Zipf–Mandelbrot over a rank that favours popular artists.
 *
 * <p>Only numbers are built up front (a few arrays: tens of milliseconds for 100k tracks). Names and ids are
 * composed on first use from small pools of Datafaker words and a hash of (seed, index), so a name does not depend on
 * which names were asked for before: calling Datafaker 100k times would take seconds, composing costs microseconds.
 */
final class Catalogue {

    private static final int POOL_DRAWS = 96;
    private static final String[] VERSIONS = {" (Live)", " (Acoustic)", " (Remix)", " - Radio Edit", " (Demo)"};

    private final long seed;
    private final int trackCount;
    private final int artistCount;
    private final int albumCount;
    private final int[] trackAlbum;
    private final int[] trackDurationMs;
    private final boolean[] trackExplicit;
    private final int[] albumFirstTrack;
    private final int[] albumArtist;
    private final int[] artistTrackStart;
    private final int[] artistTracksByRank;
    private final AliasTable popularity;
    private final int idDigits;

    private final Track[] tracks;
    private final String[] albumIds;
    private final String[] albumNames;
    private final String[] artistIds;
    private final String[] artistNames;
    private final Pools pools;

    Catalogue(long seed, int trackCount, BehaviourParameters parameters) {
        if (trackCount < 1) {
            throw new IllegalArgumentException("a catalogue needs at least one track");
        }
        this.seed = seed;
        this.trackCount = trackCount;
        this.artistCount = Math.max(1, (int) Math.round((double) trackCount / parameters.tracksPerArtist()));
        this.idDigits = Math.max(7, Integer.toString(trackCount - 1).length());
        SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC908L);

        // albums: the first one of each artist guarantees nobody is empty, the rest go to random artists
        trackAlbum = new int[trackCount];
        int[] firstTracks = new int[trackCount + 1];
        int[] owners = new int[trackCount];
        int albums = 0;
        int track = 0;
        while (track < trackCount) {
            int artist = albums < artistCount ? albums : random.nextInt(artistCount);
            double kind = random.nextDouble();
            int size = kind < 0.35 ? 1 : kind < 0.5 ? 4 + random.nextInt(3) : 8 + random.nextInt(7);
            size = Math.min(size, trackCount - track);
            firstTracks[albums] = track;
            owners[albums] = artist;
            for (int i = 0; i < size; i++) {
                trackAlbum[track++] = albums;
            }
            albums++;
        }
        firstTracks[albums] = trackCount;
        albumCount = albums;
        albumFirstTrack = Arrays.copyOf(firstTracks, albums + 1);
        albumArtist = Arrays.copyOf(owners, albums);

        trackDurationMs = new int[trackCount];
        trackExplicit = new boolean[trackCount];
        double mu = Math.log(parameters.trackMedianSeconds() * 1000.0);
        // popularity score: popular artists (low index) have popular tracks, singles sell, and each track has luck
        long[] keys = new long[trackCount];
        for (int t = 0; t < trackCount; t++) {
            double ms = Math.exp(mu + parameters.trackLengthSigma() * random.nextGaussian());
            trackDurationMs[t] = (int) Math.max(45_000, Math.min(900_000, Math.round(ms)));
            trackExplicit[t] = random.nextInt(100) < 12;
            int album = trackAlbum[t];
            double artistWeight = Math.pow(albumArtist[album] + 1.0, -0.9);
            double positionBoost = t == albumFirstTrack[album] ? 1.6 : 1.0;
            double score = artistWeight * positionBoost * Math.exp(0.8 * random.nextGaussian());
            // positive floats order like their bit patterns: sort (score, track) pairs as longs
            keys[t] = ((long) Float.floatToIntBits((float) score) << 32) | t;
        }
        Arrays.sort(keys);
        int[] rankToTrack = new int[trackCount];
        for (int r = 0; r < trackCount; r++) {
            rankToTrack[r] = (int) keys[trackCount - 1 - r];
        }
        // the table is indexed by track, so that a draw is one lookup
        double[] weights = new double[trackCount];
        for (int r = 0; r < trackCount; r++) {
            weights[rankToTrack[r]] = Math.pow(r + 1 + parameters.zipfOffset(), -parameters.zipfExponent());
        }
        popularity = new AliasTable(weights);

        // each artist's tracks, most popular first (a counting sort over the rank order keeps it ordered)
        artistTrackStart = new int[artistCount + 1];
        for (int t = 0; t < trackCount; t++) {
            artistTrackStart[artistOf(t) + 1]++;
        }
        for (int a = 0; a < artistCount; a++) {
            artistTrackStart[a + 1] += artistTrackStart[a];
        }
        artistTracksByRank = new int[trackCount];
        int[] fill = Arrays.copyOf(artistTrackStart, artistCount);
        for (int r = 0; r < trackCount; r++) {
            int t = rankToTrack[r];
            artistTracksByRank[fill[artistOf(t)]++] = t;
        }

        tracks = new Track[trackCount];
        albumIds = new String[albumCount];
        albumNames = new String[albumCount];
        artistIds = new String[artistCount];
        artistNames = new String[artistCount];
        pools = new Pools(seed);
    }

    int size() {
        return trackCount;
    }

    int artistCount() {
        return artistCount;
    }

    int albumCount() {
        return albumCount;
    }

    /** A track drawn by popularity, from 64 random (or hashed) bits. */
    int popularTrack(long bits) {
        return popularity.sample(bits);
    }

    int artistOf(int track) {
        return albumArtist[trackAlbum[track]];
    }

    int albumOf(int track) {
        return trackAlbum[track];
    }

    int albumFirstTrack(int album) {
        return albumFirstTrack[album];
    }

    int albumEnd(int album) {
        return albumFirstTrack[album + 1];
    }

    int artistTrackCount(int artist) {
        return artistTrackStart[artist + 1] - artistTrackStart[artist];
    }

    /** The artist's {@code k}-th most popular track. */
    int artistTrack(int artist, int k) {
        return artistTracksByRank[artistTrackStart[artist] + k];
    }

    int durationMs(int track) {
        return trackDurationMs[track];
    }

    /**
     * Everything an event says about a track, built on first use and kept: the generator copies its references, so
     * an event costs one lookup instead of one per field.
     */
    Track track(int track) {
        Track t = tracks[track];
        if (t == null) {
            int album = trackAlbum[track];
            int artist = albumArtist[album];
            String id = id("tr", track, idDigits);
            String name = pools.trackName(AliasTable.mix(seed * 31 + track));
            t = new Track(id, id.getBytes(StandardCharsets.US_ASCII), name, (long) trackDurationMs[track],
                    artistId(artist), artistName(artist), albumId(album), albumName(album), trackExplicit[track]);
            tracks[track] = t;
        }
        return t;
    }

    record Track(String id, byte[] idBytes, String name, Long durationMs, String artistId, String artistName,
                 String albumId, String albumName, Boolean explicit) {
    }

    String albumId(int album) {
        String id = albumIds[album];
        if (id == null) {
            id = id("al", album, idDigits - 1);
            albumIds[album] = id;
        }
        return id;
    }

    String albumName(int album) {
        String name = albumNames[album];
        if (name == null) {
            long h = AliasTable.mix(seed * 37 + album);
            name = (h & 15) == 0 ? artistName(albumArtist[album]) : pools.albumName(h);
            albumNames[album] = name;
        }
        return name;
    }

    String artistId(int artist) {
        String id = artistIds[artist];
        if (id == null) {
            id = id("ar", artist, idDigits - 1);
            artistIds[artist] = id;
        }
        return id;
    }

    String artistName(int artist) {
        String name = artistNames[artist];
        if (name == null) {
            name = pools.artistName(AliasTable.mix(seed * 41 + artist));
            artistNames[artist] = name;
        }
        return name;
    }

    static String id(String prefix, long number, int digits) {
        String n = Long.toString(number);
        StringBuilder b = new StringBuilder(prefix.length() + Math.max(digits, n.length())).append(prefix);
        for (int i = n.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(n).toString();
    }

    /** Word pools drawn once from a seeded Faker; names are templates filled from them by a hash. */
    private static final class Pools {
        private final String[] adjectives;
        private final String[] nouns;
        private final String[] verbs;
        private final String[] firstNames;
        private final String[] lastNames;
        private final String[] colors;
        private final String[] animals;
        private final String[] genres;
        private final String[] bands;
        private final String[] titles;
        private final String[] hipster;
        private final String[] cities;

        Pools(long seed) {
            Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
            adjectives = draw(() -> faker.word().adjective());
            nouns = draw(() -> faker.word().noun());
            verbs = draw(() -> faker.word().verb());
            firstNames = draw(() -> faker.name().firstName());
            lastNames = draw(() -> faker.name().lastName());
            colors = draw(() -> faker.color().name());
            animals = draw(() -> faker.animal().name());
            genres = draw(() -> faker.music().genre());
            bands = draw(() -> faker.rockBand().name());
            titles = draw(() -> faker.book().title());
            hipster = draw(() -> faker.hipster().word());
            cities = draw(() -> faker.address().cityName());
        }

        private static String[] draw(Supplier<String> source) {
            Set<String> words = new LinkedHashSet<>();
            for (int i = 0; i < POOL_DRAWS; i++) {
                String w = source.get();
                if (w != null && !w.isBlank() && w.length() <= 60) {
                    words.add(w.strip());
                }
            }
            return words.isEmpty() ? new String[] {"echo"} : words.toArray(String[]::new);
        }

        String trackName(long h) {
            String base = switch ((int) ((h >>> 60) & 7)) {
                case 0 -> cap(pick(adjectives, h, 1)) + " " + cap(pick(nouns, h, 2));
                case 1 -> cap(pick(nouns, h, 1)) + " of " + cap(pick(nouns, h, 2));
                case 2 -> pick(titles, h, 1);
                case 3 -> cap(pick(verbs, h, 1)) + " the " + cap(pick(nouns, h, 2));
                case 4 -> cap(pick(colors, h, 1)) + " " + cap(pick(nouns, h, 2));
                case 5 -> "Song for " + pick(firstNames, h, 1);
                case 6 -> pick(cities, h, 1) + " " + cap(pick(nouns, h, 2));
                default -> cap(pick(hipster, h, 1)) + " " + cap(pick(animals, h, 2));
            };
            return ((h >>> 8) & 31) == 0 ? base + VERSIONS[(int) ((h >>> 13) & 0xFFFF) % VERSIONS.length] : base;
        }

        String albumName(long h) {
            return switch ((int) ((h >>> 60) & 7)) {
                case 0, 1 -> cap(pick(adjectives, h, 1)) + " " + cap(pick(nouns, h, 2));
                case 2 -> pick(titles, h, 1);
                case 3 -> cap(pick(nouns, h, 1));
                case 4 -> cap(pick(genres, h, 1)) + " " + cap(pick(nouns, h, 2));
                case 5 -> cap(pick(colors, h, 1));
                case 6 -> pick(cities, h, 1);
                default -> cap(pick(hipster, h, 1)) + " " + cap(pick(verbs, h, 2));
            };
        }

        String artistName(long h) {
            return switch ((int) ((h >>> 60) & 7)) {
                case 0, 1 -> pick(firstNames, h, 1) + " " + pick(lastNames, h, 2);
                case 2 -> pick(bands, h, 1) + " " + cap(pick(nouns, h, 2));
                case 3 -> "The " + cap(pick(adjectives, h, 1)) + " " + cap(pick(animals, h, 2)) + "s";
                case 4 -> cap(pick(colors, h, 1)) + " " + cap(pick(nouns, h, 2));
                case 5 -> (((h >>> 20) & 1) == 0 ? "DJ " : "Lil ") + pick(firstNames, h, 1);
                case 6 -> pick(firstNames, h, 1) + " & the " + cap(pick(nouns, h, 2)) + "s";
                default -> cap(pick(hipster, h, 1)) + " " + pick(cities, h, 2);
            };
        }

        private static String pick(String[] pool, long h, int slot) {
            long bits = AliasTable.mix(h + slot * 0x9E3779B97F4A7C15L);
            return pool[(int) ((bits >>> 33) % pool.length)];
        }

        private static String cap(String word) {
            if (word.isEmpty() || Character.isUpperCase(word.charAt(0))) {
                return word;
            }
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }
}
