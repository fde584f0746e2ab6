package dev.playlog.warehouse;

import java.util.List;

/**
 * Outcome of one refresh of the bronze external table, in Snowflake's vocabulary: files registered new,
 * re-registered because they changed, unregistered because they are gone, and failed.
 */
public record RefreshResult(int newFiles, int updatedFiles, int removedFiles, int failedFiles, int totalFiles,
        long durationMs, List<String> failures) {

    public boolean changed() {
        return newFiles + updatedFiles + removedFiles > 0;
    }

    @Override
    public String toString() {
        return newFiles + " new, " + updatedFiles + " updated, " + removedFiles + " removed, " + failedFiles
                + " failed files (" + totalFiles + " registered) in " + durationMs + " ms";
    }
}
