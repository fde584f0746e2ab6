package dev.playlog.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The small JSON document that names a snapshot: written beside its files and, last, as {@code current.json} (locally)
 * and {@code <lake prefix>/gold/_current.json} (in the bucket), which switches readers to it.
 *
 * @param buildId the build
 * @param asOf    ISO instant the build finished
 * @param models  model name to its file name (relative to the build's folder or key prefix) and row count
 */
public record SnapshotManifest(@JsonProperty("build_id") String buildId, @JsonProperty("as_of") String asOf,
        @JsonProperty("models") Map<String, ModelFile> models) {

    public record ModelFile(@JsonProperty("file") String file, @JsonProperty("rows") long rows) {
    }
}
