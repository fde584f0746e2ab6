package dev.playlog.simulator;

import java.util.SplittableRandom;

/**
 * Vose's alias method: draws from a fixed discrete distribution in O(1), whatever its size. The behavioural
 * generator uses it for track popularity (100k+ outcomes) and for picking who starts a session.
 */
final class AliasTable {

    // per column: the probability of keeping it (32-bit fixed point) in the high half, its alias in the low half,
    // so that a draw touches one array element (one cache miss on a 100k-track table instead of two)
    private final long[] entries;

    AliasTable(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("an alias table needs at least one weight");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative, got " + w);
            }
            sum += w;
        }
        double[] probability = new double[n];
        int[] alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            // all-zero weights degrade to a uniform draw rather than failing
            scaled[i] = sum > 0 ? weights[i] * n / sum : 1.0;
            if (scaled[i] < 1.0) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int s = small[--smallCount];
            int l = large[--largeCount];
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[smallCount++] = l;
            } else {
                large[largeCount++] = l;
            }
        }
        while (largeCount > 0) {
            int l = large[--largeCount];
            probability[l] = 1.0;
            alias[l] = l;
        }
        while (smallCount > 0) {
            // only rounding leftovers end here
            int s = small[--smallCount];
            probability[s] = 1.0;
            alias[s] = s;
        }
        entries = new long[n];
        for (int i = 0; i < n; i++) {
            long keep = Math.min(0xFFFF_FFFFL, (long) Math.ceil(probability[i] * 0x1.0p32));
            entries[i] = keep << 32 | alias[i];
        }
    }

    int size() {
        return entries.length;
    }

    int sample(SplittableRandom random) {
        return sample(random.nextLong());
    }

    /**
     * Draws with 64 random bits: the high half picks a column, the low half decides between it and its alias. Used
     * with a hash as well, so that e.g. a playlist's k-th track is a pure function of (playlist, k).
     */
    int sample(long bits) {
        int column = (int) (((bits >>> 32) * entries.length) >>> 32);
        long entry = entries[column];
        return (bits & 0xFFFF_FFFFL) < (entry >>> 32) ? column : (int) entry;
    }

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit hash for stateless draws. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
