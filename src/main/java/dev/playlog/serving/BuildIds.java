package dev.playlog.serving;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Build ids are the build's UTC time to the millisecond ({@code 20261204T165312123Z}): unique for builds that run one
 * at a time, sortable as strings, and they tell the pruning when a snapshot was superseded.
 */
public final class BuildIds {

    public static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{9}Z");
    private static final DateTimeFormatter FORMATTER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private BuildIds() {
    }

    public static String of(Instant time) {
        return FORMATTER.format(time);
    }

    public static Instant time(String buildId) {
        return FORMATTER.parse(buildId, Instant::from);
    }

    /**
     * The builds to delete: beyond the newest {@code retain}, those whose successor became current at least
     * {@code grace} before {@code now}, never one in {@code pinned} (a reader is on it) nor the newest.
     *
     * @param builds build ids in any order
     */
    public static List<String> expired(List<String> builds, int retain, java.time.Duration grace, Instant now,
            Set<String> pinned) {
        List<String> sorted = builds.stream().sorted().toList();
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < sorted.size() - Math.max(retain, 1); i++) {
            String build = sorted.get(i);
            Instant superseded = time(sorted.get(i + 1));
            if (!pinned.contains(build) && !superseded.plus(grace).isAfter(now)) {
                expired.add(build);
            }
        }
        return expired;
    }
}
