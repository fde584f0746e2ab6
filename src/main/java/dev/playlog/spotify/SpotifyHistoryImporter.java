package dev.playlog.spotify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens export files for the spotify-import route and logs what each import did. The user of a file is the name of
 * its first folder under the import folder (so {@code import/<spotify user id>/Streaming_History_Audio_2024_0.json}),
 * or {@code playlog.spotify.import.user-id} for a file put directly into the import folder.
 */
@Component(SpotifyHistoryImporter.BEAN)
public class SpotifyHistoryImporter {

    public static final String BEAN = "spotifyHistoryImporter";
    private static final Logger LOG = LoggerFactory.getLogger(SpotifyHistoryImporter.class);

    private final SpotifyProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    public SpotifyHistoryImporter(SpotifyProperties properties) {
        this.properties = properties;
    }

    /**
     * Starts reading one file; the route splits over the returned batches.
     *
     * @param file         the file
     * @param relativeName its path relative to the import folder, {@code /}-separated
     */
    public HistoryFile open(@Body File file, @Header(Exchange.FILE_NAME) String relativeName) throws IOException {
        String name = relativeName == null ? file.getName() : relativeName.replace('\\', '/');
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        ExportFormat format = ExportFormat.of(fileName)
                .orElseThrow(() -> new HistoryFormatException(name + ": not a Spotify export file name"));
        String userId = userOf(name);
        SpotifyProperties.Import settings = properties.importing();
        LOG.info("Importing {} ({}) for user {}", name, format, userId);
        return new HistoryFile(json, file.toPath(), name, userId, format,
                new ExportMapper(settings.minMsPlayed(), settings.includeEpisodes()), settings.batchSize(),
                settings.progressEvery());
    }

    /** Logs the summary of a file whose events were all acknowledged by Kafka. */
    public void finish(HistoryFile file) {
        file.close();
        LOG.info("Imported {} for user {}: {} records, {} events sent, left out {}", file.name(), file.userId(),
                file.records(), file.events(), file.skipped());
    }

    /** Closes the file whatever happened to the import (a no-op when it never opened or was finished). */
    public void close(HistoryFile file) {
        if (file != null) {
            file.close();
        }
    }

    String userOf(String relativeName) {
        int slash = relativeName.indexOf('/');
        if (slash > 0) {
            return relativeName.substring(0, slash);
        }
        String configured = properties.importing().userId();
        if (configured == null || configured.isBlank()) {
            throw new HistoryFormatException(relativeName + ": no user for this file: put it into a folder named after "
                    + "the Spotify user id (see /spotify) or set playlog.spotify.import.user-id");
        }
        return configured;
    }
}
