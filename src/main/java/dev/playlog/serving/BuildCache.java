package dev.playlog.serving;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Read results of one build, keyed by {@link GoldQuery#cacheKey()}, and each model's columns: gold of a build never
 * changes, so an equal query returns the cached page until the build changes, which starts an empty cache.
 */
final class BuildCache {

    private final int maxEntries;
    private volatile Entries entries = new Entries("");

    private record Entries(String buildId, Map<String, GoldPage> pages, Map<String, List<String>> columns) {
        Entries(String buildId) {
            this(buildId, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    BuildCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    private Entries of(String buildId) {
        Entries e = entries;
        if (!e.buildId().equals(buildId)) {
            synchronized (this) {
                e = entries;
                if (!e.buildId().equals(buildId)) {
                    e = new Entries(buildId);
                    entries = e;
                }
            }
        }
        return e;
    }

    List<String> columns(String buildId, String model, Function<String, List<String>> describe) {
        return of(buildId).columns().computeIfAbsent(model, describe);
    }

    GoldPage page(String buildId, GoldQuery query, Function<GoldQuery, GoldPage> read) {
        Map<String, GoldPage> pages = of(buildId).pages();
        String key = query.cacheKey();
        GoldPage cached = pages.get(key);
        if (cached != null) {
            return cached;
        }
        GoldPage page = read.apply(query);
        if (maxEntries > 0) {
            if (pages.size() >= maxEntries) {
                pages.clear();
            }
            pages.put(key, page);
        }
        return page;
    }
}
